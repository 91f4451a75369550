package dev.orgsso.federation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.google.auto.service.AutoService;
import dev.orgsso.core.EmailTrust;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

/**
 * Maps a customer IdP's ID token onto the brokered user by the rules of its vendor ({@link IdpClaims}):
 * email (or none, so the first sign-up stops on the missing-claim page), names, the stable subject (kept
 * as the user attribute {@value #SUBJECT}; for Entra the IdP link is keyed by {@code oid}), and whether
 * the email may skip the emailed code.
 */
@AutoService(IdentityProviderMapper.class)
public final class ClaimsMapper extends AbstractIdentityProviderMapper {

    public static final String ID = FederatedIdp.CLAIMS_MAPPER;
    static final String TYPE = FederatedIdp.CLAIMS_MAPPER_TYPE;
    public static final String SUBJECT = "orgsso.subject";
    private static final Logger LOG = Logger.getLogger(ClaimsMapper.class);

    private static final List<ProviderConfigProperty> CONFIG = List.copyOf(ProviderConfigurationBuilder.create()
            .property().name(TYPE).label("IdP type")
            .helpText("How to read the claims: entra (tid+oid, xms_edov), okta, jumpcloud or oidc (email_verified).")
            .type(ProviderConfigProperty.LIST_TYPE).options(Arrays.stream(IdpType.values()).map(IdpType::value).toList()).defaultValue("oidc").add()
            .build());

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
                                            BrokeredIdentityContext context) {
        if (!(context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN) instanceof JsonWebToken token)) {
            return;
        }
        IdpType type = IdpType.ofConfig(mapperModel.getConfig().get(TYPE));
        // As JSON: standard claims (email, email_verified, names) are typed fields of Keycloak's IDToken,
        // vendor claims (tid, oid, xms_edov) sit in its other claims.
        Map<String, Object> claims = JsonSerialization.mapper.convertValue(token, new TypeReference<Map<String, Object>>() {
        });
        IdpClaims mapped = IdpClaims.of(type == null ? IdpType.OIDC : type, token.getIssuer(), token.getSubject(), claims);
        String tenant = context.getIdpConfig().getConfig().get(FederatedIdp.TENANT_ID);
        if (tenant != null && !tenant.equalsIgnoreCase(mapped.tenantId())) {
            // The issuer check already pins the tenant; a token naming another tid is forged or misrouted.
            throw new IdentityBrokerException("ID token tenant " + mapped.tenantId() + " is not the onboarded tenant " + tenant);
        }
        context.setEmail(mapped.email());
        if (mapped.givenName() != null) {
            context.setFirstName(mapped.givenName());
        }
        if (mapped.familyName() != null) {
            context.setLastName(mapped.familyName());
        }
        context.setId(mapped.linkId());
        context.setUserAttribute(SUBJECT, mapped.subject());
        // In the brokered context, not the auth session: Keycloak resets the auth session's notes when the
        // first broker login flow starts (AuthenticationProcessor.resetFlow), the context travels with it.
        if (mapped.emailTrusted()) {
            context.getContextData().put(EmailTrust.VERIFIED_BY_IDP, "true");
        } else {
            context.getContextData().remove(EmailTrust.VERIFIED_BY_IDP);
        }
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                              BrokeredIdentityContext context) {
        // Written directly: the realm's user profile keeps unmanaged attributes admin-only, so they can't
        // come in through the sign-up form's attribute copy.
        String subject = context.getUserAttribute(SUBJECT);
        if (subject != null) {
            user.setSingleAttribute(SUBJECT, subject);
        }
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                                   BrokeredIdentityContext context) {
        String subject = context.getUserAttribute(SUBJECT);
        String stored = user.getFirstAttribute(SUBJECT);
        if (subject != null && stored == null) {
            user.setSingleAttribute(SUBJECT, subject);
        } else if (subject != null && !subject.equals(stored)) {
            LOG.warnf("orgsso claims: user %s signed in through %s with subject %s, stored %s", user.getId(),
                    context.getIdpConfig().getAlias(), subject, stored);
        }
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public String[] getCompatibleProviders() {
        return new String[] {OIDCIdentityProviderFactory.PROVIDER_ID};
    }

    @Override
    public String getDisplayCategory() {
        return "Attribute Importer";
    }

    @Override
    public String getDisplayType() {
        return "OrgSSO claims";
    }

    @Override
    public String getHelpText() {
        return "Email, names and a stable subject by the IdP vendor's rules; decides whether the email needs the emailed code.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public String getId() {
        return ID;
    }
}
