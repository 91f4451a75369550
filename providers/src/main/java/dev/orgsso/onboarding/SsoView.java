package dev.orgsso.onboarding;

import dev.orgsso.core.AppLogin;
import dev.orgsso.core.Audience;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlCertificates;
import dev.orgsso.core.SamlVendor;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * What the onboarding API answers about one customer IdP: everything the customer's admin must
 * register at their IdP and the links that take their users straight there. Never the client secret.
 */
final class SsoView {

    /** The help desk's apps in the order the answer lists them; each IdP's answer names those of its audience. */
    static final List<String> APPS = List.of("main-app", "widget", "knowledgebase", "portal", "agent-app");

    private SsoView() {
    }

    static Map<String, Object> of(KeycloakSession session, OrganizationModel org, IdentityProviderModel idp) {
        RealmModel realm = session.getContext().getRealm();
        FederatedIdp federated = new FederatedIdp(idp);
        if (federated.samlVendor() != null) {
            return saml(session, org, idp, federated.samlVendor());
        }
        IdpType type = federated.type();
        Map<String, String> config = idp.getConfig();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("organization", org.getAlias());
        view.put("organizationId", org.getId());
        view.put("alias", idp.getAlias());
        view.put("type", type.value());
        view.put("enabled", idp.isEnabled());
        view.put("issuer", config.get("issuer"));
        view.put("clientId", config.get("clientId"));
        view.put("tenantId", federated.tenantId());
        view.put("domainHint", config.get(FederatedIdp.DOMAIN_HINT));
        view.put("audience", config.get(Audience.ATTRIBUTE));
        LocalDate expiry = federated.secretExpiresAt();
        view.put("clientSecretExpiresAt", expiry == null ? null : expiry.toString());
        view.put("clientSecretDaysLeft", expiry == null ? null : new FederatedIdp(idp).secretDaysLeft());
        String redirectUri = Urls.identityProviderAuthnResponse(session.getContext().getUri().getBaseUri(), idp.getAlias(),
                realm.getName()).toString();
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("redirectUri", redirectUri);
        setup.put("scopes", type.scopes());
        setup.put("optionalClaims", type.optionalClaims());
        setup.put("instructions", type.setup());
        view.put("customerSetup", setup);
        view.put("loginLinks", loginLinks(realm, org, Audience.of(idp)));
        return view;
    }

    /** A SAML IdP: what the customer's admin registers (SP entity id, ACS URL, SP metadata, attributes), never a key. */
    private static Map<String, Object> saml(KeycloakSession session, OrganizationModel org, IdentityProviderModel idp, SamlVendor vendor) {
        RealmModel realm = session.getContext().getRealm();
        Map<String, String> config = idp.getConfig();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("organization", org.getAlias());
        view.put("organizationId", org.getId());
        view.put("alias", idp.getAlias());
        view.put("protocol", SsoRequest.SAML);
        view.put("type", vendor.value());
        view.put("enabled", idp.isEnabled());
        view.put("entityId", config.get("idpEntityId"));
        view.put("singleSignOnServiceUrl", config.get("singleSignOnServiceUrl"));
        view.put("metadataUrl", config.get("metadataDescriptorUrl"));
        view.put("signingCertificates", SamlCertificates.describe(config.get(SamlCertificates.CONFIG)));
        FederatedIdp federated = new FederatedIdp(idp);
        LocalDate expiry = federated.credentialExpiresAt();
        view.put("signingCertificatesExpireAt", expiry == null ? null : expiry.toString());
        view.put("signingCertificateDaysLeft", expiry == null ? null : federated.credentialDaysLeft());
        view.put("keysFromMetadataUrl", Boolean.parseBoolean(config.get("useMetadataDescriptorUrl")));
        view.put("audience", config.get(Audience.ATTRIBUTE));
        Map<String, Object> setup = SamlOnboarding.customerSetup(session, idp.getAlias(), vendor, config.get("entityId"));
        view.put("customerSetup", setup);
        view.put("idpInitiated", idpInitiated(session, org, idp, vendor));
        view.put("loginLinks", loginLinks(realm, org, Audience.of(idp)));
        return view;
    }

    /**
     * Sign-in from the customer's portal (IdP-initiated): whether it is on, the app it lands in, and what the
     * customer's admin sets for the portal's tile (the tile posts to the ACS URL they already registered).
     */
    private static Map<String, Object> idpInitiated(KeycloakSession session, OrganizationModel org, IdentityProviderModel idp,
                                                    SamlVendor vendor) {
        String app = new FederatedIdp(idp).idpInitiatedApp();
        ClientModel client = app == null ? null : session.getContext().getRealm().getClientByClientId(app);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("enabled", app != null);
        view.put("app", app);
        view.put("landsAt", client == null ? null : AppLogin.link(client, org.getAlias()));
        view.put("acsUrl", SamlOnboarding.acsUrl(session, idp.getAlias()));
        view.put("instructions", app == null
                ? "Off: a sign-in started from the company portal is refused with a page that says where to start instead."
                : switch (vendor) {
                    case ENTRA -> "The app's tile in My Apps signs users in: leave \"Sign on URL\" empty (Entra then starts "
                            + "the sign-in itself and posts to the Reply URL, the ACS URL above); \"Relay State\" is not needed.";
                    case OKTA -> "The app's tile in the Okta dashboard signs users in; leave \"Default RelayState\" empty.";
                    default -> "The portal's tile posts the IdP's SAML response to the ACS URL above; no RelayState is needed.";
                });
        return view;
    }

    private static Map<String, String> loginLinks(RealmModel realm, OrganizationModel org, Audience audience) {
        Map<String, String> links = new LinkedHashMap<>();
        for (String clientId : APPS) {
            ClientModel client = realm.getClientByClientId(clientId);
            // An agents' IdP signs in to the agents' app only, an end users' IdP to the end users' apps.
            String link = client == null || Audience.of(client) != audience ? null : AppLogin.link(client, org.getAlias());
            if (link != null) {
                links.put(clientId, link);
            }
        }
        return links;
    }
}
