package io.purposegate.keycloak.consent;

import java.time.Duration;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.token.TokenPurposes;

import io.purposegate.keycloak.spi.StatelessFactory;

/**
 * The staff privacy-training attestation (required action {@code privacy-training}): members of
 * the realm's staff group confirm, once a year, that they completed the privacy training. The time
 * goes into the {@code privacy_training} claim, which policies check before staff read personal data.
 */
public class PrivacyTrainingAction implements RequiredActionProvider, RequiredActionFactory,
        StatelessFactory<RequiredActionProvider> {

    public static final String ID = "privacy-training";
    public static final String TEMPLATE = "privacy-training.ftl";

    /** Realm attribute: path of the staff group (default {@code /staff}). */
    public static final String GROUP_ATTRIBUTE = "purposegate.training.group";
    /** Realm attribute: how long an attestation is valid, ISO-8601 (default {@code P365D}). */
    public static final String VALIDITY_ATTRIBUTE = "purposegate.training.validity";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (Interaction.interactive(context) && due(context.getSession(), context.getRealm(), context.getUser(),
                System.currentTimeMillis())) {
            context.getAuthenticationSession().addRequiredAction(ID);
        }
    }

    /** Whether the user is staff and has no attestation younger than the validity. */
    public static boolean due(KeycloakSession session, RealmModel realm, UserModel user, long nowMillis) {
        if (!staff(session, realm, user)) {
            return false;
        }
        Long attested = TokenPurposes.trainingTime(user.getFirstAttribute(TokenPurposes.TRAINING_ATTRIBUTE));
        return attested == null || attested * 1000 + validity(realm).toMillis() <= nowMillis;
    }

    public static boolean staff(KeycloakSession session, RealmModel realm, UserModel user) {
        String path = realm.getAttribute(GROUP_ATTRIBUTE);
        GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path == null ? "/staff" : path);
        return group != null && user.isMemberOf(group);
    }

    static Duration validity(RealmModel realm) {
        long millis = Purpose.toMillis(realm.getAttribute(VALIDITY_ATTRIBUTE));
        return millis > 0 ? Duration.ofMillis(millis) : Duration.ofDays(365);
    }

    /** Records an attestation now. */
    public static long attest(UserModel user) {
        long now = System.currentTimeMillis() / 1000;
        user.setSingleAttribute(TokenPurposes.TRAINING_ATTRIBUTE, Long.toString(now));
        return now;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(context.form().createForm(TEMPLATE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        String confirmed = context.getHttpRequest().getDecodedFormParameters().getFirst("attest");
        if (!"yes".equals(confirmed)) {
            context.challenge(context.form().setError("purposegateTrainingConfirmError").createForm(TEMPLATE));
            return;
        }
        attest(context.getUser());
        context.success();
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getDisplayText() {
        return "Privacy training attestation (PurposeGate)";
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
