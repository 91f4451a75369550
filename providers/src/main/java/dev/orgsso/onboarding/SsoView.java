package dev.orgsso.onboarding;

import dev.orgsso.core.Audience;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlVendor;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    /** The end-user apps of the realm export; each may name where its login starts ({@value #LOGIN_URL}). */
    /** The help desk's apps in the order the answer lists them; each IdP's answer names those of its audience. */
    static final List<String> APPS = List.of("main-app", "widget", "knowledgebase", "portal", "agent-app");
    static final String LOGIN_URL = "orgsso.loginUrl";

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
        view.put("signingCertificates", SamlCertificates.describe(config.get("signingCertificate")));
        view.put("audience", config.get(Audience.ATTRIBUTE));
        Map<String, Object> setup = SamlOnboarding.customerSetup(session, idp.getAlias(), vendor, config.get("entityId"));
        view.put("customerSetup", setup);
        view.put("loginLinks", loginLinks(realm, org, Audience.of(idp)));
        return view;
    }

    private static Map<String, String> loginLinks(RealmModel realm, OrganizationModel org, Audience audience) {
        Map<String, String> links = new LinkedHashMap<>();
        for (String clientId : APPS) {
            ClientModel client = realm.getClientByClientId(clientId);
            // An agents' IdP signs in to the agents' app only, an end users' IdP to the end users' apps.
            String start = client == null || Audience.of(client) != audience ? null : startUrl(client);
            if (start != null) {
                links.put(clientId, start + (start.contains("?") ? "&" : "?") + "kc_org="
                        + URLEncoder.encode(org.getAlias(), StandardCharsets.UTF_8));
            }
        }
        return links;
    }

    /** The app's own login start (an attribute the realm export sets), else its base URL. */
    private static String startUrl(ClientModel client) {
        String login = client.getAttribute(LOGIN_URL);
        if (login != null && !login.isBlank()) {
            return login;
        }
        String base = client.getBaseUrl();
        if (base == null || base.isBlank()) {
            return null;
        }
        if (URI.create(base).isAbsolute() || client.getRootUrl() == null) {
            return base;
        }
        return client.getRootUrl().replaceAll("/$", "") + base;
    }
}
