package io.purposegate.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Set;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;

/** Who reaches the resync: only a user of this realm holding its role; everyone else a 403 before anything is read. */
class ConsentSyncResourceTest {

    private static final RealmModel DEMO = realm("demo-id");
    private static final RealmModel MASTER = realm("master-id");

    @Test
    void aHolderOfTheRoleGetsPastTheCheck() {
        ConsentSyncResource sync = new ConsentSyncResource(null, DEMO, caller(DEMO, ConsentSyncResource.ROLE));
        // the cursor is validated only after the role: a holder sees the 400
        assertThatThrownBy(() -> sync.subjects("!!!", null)).isInstanceOfSatisfying(WebApplicationException.class,
                e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
    }

    @Test
    void viewUsersAloneDoesNotOpenTheResync() {
        assertForbidden(new ConsentSyncResource(null, DEMO, caller(DEMO, "view-users", "purposegate-enforcer")));
    }

    @Test
    void anotherRealmsTokenIsForbiddenEvenWithARoleOfTheSameName() {
        assertForbidden(new ConsentSyncResource(null, DEMO, caller(MASTER, ConsentSyncResource.ROLE)));
    }

    @Test
    void noCallerIsForbidden() {
        assertForbidden(new ConsentSyncResource(null, DEMO, null));
    }

    private static void assertForbidden(ConsentSyncResource sync) {
        for (Runnable call : new Runnable[] {() -> sync.subjects("!!!", "0"), () -> sync.subjects(null, null),
                () -> sync.subject("00000000-0000-4000-8000-0000000a11ce")}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(WebApplicationException.class, e -> {
                assertThat(e.getResponse().getStatus()).isEqualTo(403);
                assertThat(e.getResponse().getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
            });
        }
    }

    /** An admin caller of {@code realm} whose user holds exactly {@code roles} of that realm. */
    private static AdminAuth caller(RealmModel realm, String... roles) {
        Set<String> held = Set.of(roles);
        UserModel user = proxy(UserModel.class, (method, args) -> switch (method) {
            case "hasRole" -> held.contains(((RoleModel) args[0]).getName());
            default -> null;
        });
        ClientModel client = proxy(ClientModel.class, (method, args) -> switch (method) {
            case "hasScope" -> true;
            case "getClientId" -> "pdp";
            default -> null;
        });
        AccessToken token = new AccessToken();
        token.issuedFor("pdp");
        return new AdminAuth(realm, token, user, client);
    }

    private static RealmModel realm(String id) {
        return proxy(RealmModel.class, (method, args) -> switch (method) {
            case "getId" -> id;
            case "getRole" -> role((String) args[0]);
            case "equals" -> args[0] != null && args[0] instanceof RealmModel other && id.equals(other.getId());
            case "hashCode" -> id.hashCode();
            default -> null;
        });
    }

    private static RoleModel role(String name) {
        return proxy(RoleModel.class, (method, args) -> switch (method) {
            case "getName" -> name;
            default -> null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }
}
