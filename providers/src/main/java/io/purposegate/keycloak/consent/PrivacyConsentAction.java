package io.purposegate.keycloak.consent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.purposegate.keycloak.catalog.Notice;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.catalog.PurposeCatalog;
import io.purposegate.keycloak.ledger.ConsentLedger;
import io.purposegate.keycloak.ledger.ConsentState;

import io.purposegate.keycloak.spi.StatelessFactory;

/**
 * The consent page on the login screen (required action {@code privacy-consent}).
 *
 * <p>Triggered on the first browser login, after a material notice change, when a consent
 * expired, when the catalog gained a consent-based purpose, when a GPC signal meets a sale or
 * sharing purpose that is lawful only by the opt-out default; and on demand with
 * {@code kc_action=privacy-consent}. Every submission appends one ledger record per consent-based
 * purpose, as proof of what the user confirmed under which notice.
 */
public class PrivacyConsentAction implements RequiredActionProvider, RequiredActionFactory,
        StatelessFactory<RequiredActionProvider> {

    public static final String ID = "privacy-consent";
    public static final String TEMPLATE = "privacy-consent.ftl";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (!Interaction.interactive(context)) {
            return;
        }
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        PurposeCatalog catalog = new PurposeCatalog(context.getSession(), realm);
        ConsentState state = new ConsentLedger(context.getSession(), realm).state(user.getId());
        String reason = ConsentPage.reason(catalog.list(), catalog.notice(), state, Interaction.gpc(context),
                user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE), System.currentTimeMillis());
        if (reason != null) {
            context.getAuthenticationSession().addRequiredAction(ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(page(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String choice = form.getFirst("choice");
        if (choice == null || !Set.of("accept_all", "reject_all", "save").contains(choice)) {
            context.challenge(page(context, "purposegateConsentChooseError"));
            return;
        }
        Set<String> ticked = new HashSet<>(form.getOrDefault("purpose", List.of()));
        boolean gpc = Interaction.gpc(context);
        PurposeCatalog catalog = new PurposeCatalog(context.getSession(), context.getRealm());
        List<ConsentLedger.Decision> decisions = new ArrayList<>();
        for (Purpose purpose : catalog.list()) {
            if (!purpose.consentBased()) {
                continue;
            }
            boolean grant = switch (choice) {
                case "accept_all" -> true;
                case "reject_all" -> false;
                default -> ticked.contains(purpose.id);
            };
            String method = !grant && gpc && purpose.saleOrSharing ? "gpc" : "login_page";
            decisions.add(new ConsentLedger.Decision(purpose.id, grant, method));
        }
        new ConsentLedger(context.getSession(), context.getRealm())
                .append(context.getUser(), decisions, Interaction.clientId(context), true, true);
        context.success();
    }

    private jakarta.ws.rs.core.Response page(RequiredActionContext context, String error) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        PurposeCatalog catalog = new PurposeCatalog(session, realm);
        ConsentState state = new ConsentLedger(session, realm).state(user.getId());
        boolean gpc = Interaction.gpc(context);
        long now = System.currentTimeMillis();
        String locale = session.getContext().resolveLocale(user).toLanguageTag();
        Notice notice = catalog.notice();
        String reason = ConsentPage.reason(catalog.list(), notice, state, gpc,
                user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE), now);
        var form = context.form()
                .setAttribute("purposes", ConsentPage.items(catalog.list(), state, gpc, locale, now))
                .setAttribute("noticeUrl", notice.url())
                .setAttribute("noticeVersion", notice.version())
                .setAttribute("gpc", gpc)
                .setAttribute("reason", reason == null ? "manage" : reason);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getDisplayText() {
        return "Privacy consent (PurposeGate)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void close() {
        // one instance serves as provider and factory, without resources of its own
    }

    @Override
    public String getId() {
        return ID;
    }
}
