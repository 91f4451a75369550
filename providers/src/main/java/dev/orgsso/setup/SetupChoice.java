package dev.orgsso.setup;

import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlVendor;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;

/**
 * What the IT admin chose on the first page: the vendor (Entra, Okta, JumpCloud, another) and how it
 * connects, OpenID Connect or SAML. Exactly one of {@code oidc} and {@code saml} is set. Stored on the
 * link as the OIDC type ({@code entra}) or {@code saml:} and the SAML vendor ({@code saml:entra};
 * {@code saml:saml} for another SAML 2.0 IdP).
 */
record SetupChoice(IdpType oidc, SamlVendor saml) {

    static final String SAML_PROTOCOL = "saml";
    private static final String SAML_PREFIX = SAML_PROTOCOL + ":";
    /** The vendor of each choice on the page, and the SAML vendor it means ("another" OIDC provider: any SAML IdP). */
    private static final Map<IdpType, SamlVendor> SAML_OF = Map.of(IdpType.ENTRA, SamlVendor.ENTRA, IdpType.OKTA, SamlVendor.OKTA,
            IdpType.JUMPCLOUD, SamlVendor.JUMPCLOUD, IdpType.OIDC, SamlVendor.SAML);

    /** From the form: the vendor ({@code type}) and the protocol ({@code oidc} by default, or {@code saml}); null when no vendor. */
    static SetupChoice of(String type, String protocol) {
        IdpType vendor = IdpType.parse(type);
        if (vendor == null) {
            return null;
        }
        return SAML_PROTOCOL.equalsIgnoreCase(protocol == null ? "" : protocol.strip())
                ? new SetupChoice(null, SAML_OF.get(vendor)) : new SetupChoice(vendor, null);
    }

    /** From the link; null before a choice, or for a value no choice makes. */
    static SetupChoice stored(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith(SAML_PREFIX)) {
            SamlVendor vendor = SamlVendor.ofConfig(value.substring(SAML_PREFIX.length()));
            return vendor == null ? null : new SetupChoice(null, vendor);
        }
        IdpType type = IdpType.ofConfig(value);
        return type == null ? null : new SetupChoice(type, null);
    }

    /** The choice a saved connection was made by; null for an IdP the pack did not make. */
    static SetupChoice of(IdentityProviderModel idp) {
        FederatedIdp federated = new FederatedIdp(idp);
        return federated.samlVendor() != null ? new SetupChoice(null, federated.samlVendor())
                : federated.type() != null ? new SetupChoice(federated.type(), null) : null;
    }

    boolean isSaml() {
        return saml != null;
    }

    String value() {
        return isSaml() ? SAML_PREFIX + saml.value() : oidc.value();
    }

    /** The theme's vendor key ({@code orgssoSetupAt.<vendor>} and the like): the OIDC type, or the SAML vendor. */
    String vendor() {
        return isSaml() ? saml.value() : oidc.value();
    }

    String label() {
        return isSaml() ? saml.label() + " (SAML)" : oidc.label();
    }

    /** The connection's IdP alias in the organisation: {@code {type}-{orgId}} or {@code {type}-saml-{orgId}}. */
    String alias(String organizationId) {
        return isSaml() ? saml.alias(organizationId) : oidc.alias(organizationId);
    }
}
