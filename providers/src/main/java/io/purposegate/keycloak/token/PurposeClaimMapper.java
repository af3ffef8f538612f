package io.purposegate.keycloak.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.catalog.PurposeCatalog;
import io.purposegate.keycloak.consent.PrivacyTrainingAction;
import io.purposegate.keycloak.ledger.ConsentLedger;
import io.purposegate.keycloak.ledger.ConsentState;

/**
 * Writes the consent claims of the contract: {@code purposes} (the client's registered purposes
 * that have a lawful basis for this user now), {@code consent} (ledger version, notice, granted
 * consent-based purposes, jurisdiction) and, for attested staff, {@code privacy_training}.
 *
 * <p>Configurable per token type (access token, ID token, userinfo, introspection) like Keycloak's
 * own mappers. The claim is always written when the mapper runs, empty when nothing is allowed,
 * so that a policy can tell "no purposes" from "mapper not configured".
 */
public class PurposeClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "purposegate-purposes-mapper";
    public static final String CLAIM_NAME = "purposes";
    public static final String CONSENT_CLAIM = "consent";
    public static final String TRAINING_CLAIM = "privacy_training";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG_PROPERTIES, PurposeClaimMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "PurposeGate consent claims";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds 'purposes' (the purposes registered for this client in attribute '" + TokenPurposes.CLIENT_ATTRIBUTE
                + "' that have a lawful basis for the user now), 'consent' and 'privacy_training' from the consent ledger.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        RealmModel realm = userSession.getRealm();
        UserModel user = userSession.getUser();
        var client = clientSessionCtx.getClientSession().getClient();
        long now = System.currentTimeMillis();

        Map<String, Purpose> catalog = new LinkedHashMap<>();
        for (Purpose purpose : new PurposeCatalog(session, realm).list()) {
            catalog.put(purpose.id, purpose);
        }
        ConsentState state = new ConsentLedger(session, realm).stateForToken(user);
        String jurisdiction = user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE);
        List<String> registered = TokenPurposes.parse(client.getAttribute(TokenPurposes.CLIENT_ATTRIBUTE));

        // Staff act on other people's data: whether a purpose has a lawful basis is a question about
        // each data subject, which the PDP asks at every access. Their own consent is beside the point.
        boolean staff = PrivacyTrainingAction.staff(session, realm, user);
        token.getOtherClaims().put(CLAIM_NAME, staff
                ? TokenPurposes.registered(registered, catalog)
                : TokenPurposes.allowed(registered, catalog, state, jurisdiction, now));
        token.getOtherClaims().put(CONSENT_CLAIM, TokenPurposes.consentClaim(catalog, state, jurisdiction, now));
        Long training = TokenPurposes.trainingTime(user.getFirstAttribute(TokenPurposes.TRAINING_ATTRIBUTE));
        if (training != null) {
            token.getOtherClaims().put(TRAINING_CLAIM, training);
        }
    }
}
