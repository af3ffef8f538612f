package io.purposegate.keycloak.token;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Writes the {@code purposes} claim: the purposes this token may be used for.
 *
 * <p>Configurable per token type (access token, ID token, userinfo, introspection) like Keycloak's
 * own mappers. The claim is always written when the mapper runs, empty when nothing is allowed,
 * so that a policy can tell "no purposes" from "mapper not configured".
 */
public class PurposeClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "purposegate-purposes-mapper";
    public static final String CLAIM_NAME = "purposes";

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
        return "PurposeGate purposes";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the 'purposes' claim: the purposes registered for this client (client attribute '"
                + TokenPurposes.CLIENT_ATTRIBUTE + "') that the user allows.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        var client = clientSessionCtx.getClientSession().getClient();
        List<String> registered = TokenPurposes.parse(client.getAttribute(TokenPurposes.CLIENT_ATTRIBUTE));
        List<String> chosen = userSession.getUser()
                .getAttributeStream(TokenPurposes.USER_ATTRIBUTE)
                .collect(Collectors.toList());
        token.getOtherClaims().put(CLAIM_NAME, TokenPurposes.allowed(registered, chosen));
    }
}
