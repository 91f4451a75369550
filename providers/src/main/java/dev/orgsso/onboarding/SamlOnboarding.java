package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.Audience;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.SamlCertificates;
import dev.orgsso.core.SamlVendor;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * An organisation's SAML IdP: a plain Keycloak SAML IdP (provider {@code saml}, which the pack's SAML
 * provider serves) with safe defaults: signed assertions required and checked against the metadata's
 * signing certificates (pinned), a persistent NameID, the principal from a stable attribute (Entra's
 * object id) or that NameID, email and names from the vendor's attributes through Keycloak's attribute
 * importers, the pack's sign-up flow, linked to the organisation. The metadata is checked before
 * anything is written.
 */
final class SamlOnboarding {

    /** The attribute importers the pack keeps on each SAML IdP it onboards, by Keycloak user property. */
    static final Map<String, String> MAPPERS = Map.of("email", "orgsso email", "firstName", "orgsso first name",
            "lastName", "orgsso last name");
    /** Keycloak's SAML attribute importer (26.7 UserAttributeMapper.PROVIDER_ID). */
    static final String ATTRIBUTE_IMPORTER = "saml-user-attribute-idp-mapper";

    private final KeycloakSession session;
    private final RealmModel realm;

    SamlOnboarding(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** The attributes the customer's IdP must release, under the vendor's names, by what Keycloak makes of them. */
    static Map<String, String> attributes(SamlVendor vendor) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("email", vendor.emailAttribute());
        attributes.put("firstName", vendor.givenNameAttribute());
        attributes.put("lastName", vendor.surnameAttribute());
        if (vendor.principalAttribute() != null) {
            attributes.put("principal", vendor.principalAttribute());
        }
        return attributes;
    }

    /** Keycloak's SAML IdP config for this vendor and checked metadata; the pack's keys beside Keycloak's. */
    static Map<String, String> config(Map<String, String> previous, SamlVendor vendor, SamlMetadata.Idp metadata,
                                      String metadataUrl, boolean outside, String spEntityId) {
        Map<String, String> config = new HashMap<>(previous == null ? Map.of() : previous);
        config.put("idpEntityId", metadata.entityId());
        config.put("entityId", spEntityId);
        config.put("singleSignOnServiceUrl", metadata.ssoUrl());
        SsoOnboarding.putOrRemove(config, "singleLogoutServiceUrl", metadata.logoutUrl());
        config.put("postBindingAuthnRequest", String.valueOf(metadata.postBinding()));
        // The IdP answers by HTTP-POST: the only binding that carries a signed assertion of any size.
        config.put("postBindingResponse", "true");
        config.put("postBindingLogout", String.valueOf(metadata.postLogout()));
        config.put("wantAuthnRequestsSigned", String.valueOf(metadata.wantAuthnRequestsSigned()));
        config.put("signatureAlgorithm", "RSA_SHA256");
        config.put("xmlSigKeyInfoKeyNameTransformer", "KEY_ID");
        config.put("wantAssertionsSigned", "true");
        config.put("validateSignature", "true");
        pin(config, metadata.pinnedCertificates());
        SsoOnboarding.putOrRemove(config, "metadataDescriptorUrl", metadataUrl);
        // A metadata URL the vendor gave: Keycloak reloads the keys from it when a signature names a key it
        // does not know (a rollover done at the IdP). A URL typed on a setup page is only ever fetched
        // through the outside-URL rules, which Keycloak's loader does not apply: those connections keep the
        // pinned certificates, which the pack's refresh (SamlKeyRefresh) updates from the URL.
        boolean fromOutside = outside || "true".equals(config.get(FederatedIdp.OUTSIDE));
        config.put("useMetadataDescriptorUrl", String.valueOf(metadataUrl != null && !fromOutside));
        config.put("nameIDPolicyFormat", vendor.nameIdFormat());
        config.put("allowCreate", "true");
        if (vendor.principalAttribute() != null) {
            config.put("principalType", "ATTRIBUTE");
            config.put("principalAttribute", vendor.principalAttribute());
        } else {
            config.put("principalType", "SUBJECT");
            config.remove("principalAttribute");
        }
        config.put("loginHint", "false");
        config.put("backchannelSupported", "false");
        config.put("syncMode", IdentityProviderSyncMode.IMPORT.name());
        config.put(FederatedIdp.SAML_TYPE, vendor.value());
        config.remove(FederatedIdp.TYPE);
        return config;
    }

    /**
     * Pins these certificates (Keycloak's {@code signingCertificate}: assertions signed by any other key
     * are refused). New certificates mean a new expiry: the warnings given for the old ones are forgotten.
     */
    static void pin(Map<String, String> config, String certificates) {
        if (!certificates.equals(config.put(SamlCertificates.CONFIG, certificates))) {
            config.remove(FederatedIdp.SECRET_EXPIRY_WARNED);
        }
    }

    /** The SP entity id of one SAML IdP: its SP metadata URL, unique per organisation and stable once registered. */
    static String spEntityId(KeycloakSession session, String alias) {
        return spMetadataUrl(session, alias);
    }

    static String acsUrl(KeycloakSession session, String alias) {
        return Urls.identityProviderAuthnResponse(session.getContext().getUri().getBaseUri(), alias,
                session.getContext().getRealm().getName()).toString();
    }

    static String spMetadataUrl(KeycloakSession session, String alias) {
        return acsUrl(session, alias) + "/descriptor";
    }

    /**
     * What the customer's admin registers at the IdP for this connection: SP entity id, ACS URL, SP metadata
     * URL, NameID format and the attributes to release under the vendor's names. The onboarding API's answer
     * and the setup pages both show it.
     */
    static Map<String, Object> customerSetup(KeycloakSession session, String alias, SamlVendor vendor, String spEntityId) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("spEntityId", spEntityId);
        setup.put("acsUrl", acsUrl(session, alias));
        setup.put("spMetadataUrl", spMetadataUrl(session, alias));
        setup.put("nameIdFormat", vendor.nameIdFormat());
        setup.put("attributes", attributes(vendor));
        setup.put("instructions", vendor.setup());
        return setup;
    }

    /**
     * New metadata for a SAML IdP (a certificate rollover): read and checked as at onboarding, and then only
     * the pinned signing certificates change (and where they are refreshed from; the expiry warnings start
     * afresh). Metadata of another IdP (another entity id) changes nothing.
     */
    IdentityProviderModel renewCertificates(IdentityProviderModel idp, String metadataUrl, String metadataXml,
                                            FederationSettings settings, SsoOnboarding.Origin origin) {
        SamlMetadata.Idp metadata = metadata(metadataUrl, metadataXml, settings, origin);
        String entityId = idp.getConfig().get("idpEntityId");
        if (entityId != null && !entityId.equals(metadata.entityId())) {
            throw new OnboardingRefused(ApiError.METADATA_OTHER_IDP, "The metadata describes the IdP " + metadata.entityId()
                    + ", not this connection's " + entityId + ".");
        }
        Map<String, String> config = new HashMap<>(idp.getConfig());
        pin(config, metadata.pinnedCertificates());
        // The document the renewal came from is the one the expiry check refreshes from from now on (none for
        // XML). A URL typed on a setup page is only ever fetched under the outside-URL rules: marked so, and
        // Keycloak's own loader (which does not apply them) is not used for it.
        SsoOnboarding.putOrRemove(config, "metadataDescriptorUrl", metadataUrl);
        if (metadataUrl != null && origin.setupLink()) {
            config.put(FederatedIdp.OUTSIDE, "true");
        }
        config.put("useMetadataDescriptorUrl", String.valueOf(metadataUrl != null && !"true".equals(config.get(FederatedIdp.OUTSIDE))));
        idp.setConfig(config);
        session.identityProviders().update(idp);
        return session.identityProviders().getByAlias(idp.getAlias());
    }

    /** The IdP's metadata from its URL (fetched under the origin's rules) or as given, checked. */
    private SamlMetadata.Idp metadata(String metadataUrl, String metadataXml, FederationSettings settings, SsoOnboarding.Origin origin) {
        if (metadataUrl == null && metadataXml == null) {
            throw new OnboardingRefused(ApiError.METADATA_MISSING, "Send \"metadataUrl\" (the IdP's federation metadata URL, "
                    + "preferred) or \"metadataXml\" (the metadata document itself).");
        }
        String xml = metadataUrl != null
                ? SamlMetadata.fetch(session, metadataUrl, settings.idpConnection(), origin.outside())
                : metadataXml;
        return SamlMetadata.check(xml, metadataUrl != null ? "The metadata at " + metadataUrl : "The metadata XML", Instant.now());
    }

    SsoOnboarding.Result save(SsoOnboarding onboarding, String orgAlias, SsoRequest request, FederationSettings settings,
                              SsoOnboarding.Origin origin) {
        OrganizationModel org = onboarding.organization(orgAlias).orElse(null);
        if (org == null && request.organizationName() == null) {
            throw new SsoOnboarding.NotFound("Organization \"" + orgAlias + "\" does not exist. Create it first, or send "
                    + "\"organization\": {\"name\": ..., \"domains\": [...]} to create it in this call.");
        }
        SamlVendor vendor = request.samlVendor();
        String alias = org == null ? null : vendor.alias(org.getId());
        IdentityProviderModel existing = alias == null ? null : session.identityProviders().getByAlias(alias);
        if (origin.setupLink() && existing != null && !new FederatedIdp(existing).pending()) {
            throw new OnboardingRefused(ApiError.CONNECTION_LIVE, "The organisation's " + vendor.label()
                    + " SAML connection is live; a setup link does not change it.");
        }
        AuthenticationFlowModel firstLogin = onboarding.flow(FederatedIdp.FIRST_LOGIN_FLOW);
        String metadataUrl = request.metadataUrl();
        SamlMetadata.Idp metadata = metadata(metadataUrl, request.metadataXml(), settings, origin);
        Audience audience = Audience.parse(request.audience() != null ? request.audience()
                : existing == null ? null : existing.getConfig().get(Audience.ATTRIBUTE));
        String idpInitiatedApp = IdpInitiatedSetting.app(existing == null ? null : new FederatedIdp(existing).idpInitiatedApp(),
                request.idpInitiated(), audience, IdpInitiatedSetting.apps(realm));

        if (org == null) {
            org = onboarding.createOrganization(orgAlias, request);
            alias = vendor.alias(org.getId());
        }
        IdentityProviderModel idp = existing != null ? existing : new IdentityProviderModel();
        Map<String, String> config = config(idp.getConfig(), vendor, metadata, metadataUrl, origin.setupLink(),
                spEntityId(session, alias));
        config.put(Audience.ATTRIBUTE, audience.value());
        SsoOnboarding.putOrRemove(config, FederatedIdp.SAML_IDP_INITIATED, idpInitiatedApp);
        if (origin.setupLink()) {
            config.put(FederatedIdp.PENDING, "true");
            config.put(FederatedIdp.OUTSIDE, "true");
        }
        idp.setConfig(config);
        idp.setAlias(alias);
        idp.setProviderId("saml");
        idp.setDisplayName(org.getName() + " (" + vendor.label() + " SAML)");
        idp.setEnabled(origin.setupLink() || (request.enabled() == null ? existing == null || existing.isEnabled() : request.enabled()));
        idp.setTrustEmail(false);
        idp.setStoreToken(false);
        idp.setLinkOnly(false);
        idp.setHideOnLogin(true);
        idp.setFirstBrokerLoginFlowId(firstLogin.getId());
        // The pack's SAML provider guards the audience and keeps the confirmed email on every sign-in, as for OIDC.
        AuthenticationFlowModel packPostLogin = realm.getFlowByAlias(SsoOnboarding.POST_LOGIN_FLOW);
        if (packPostLogin != null && packPostLogin.getId().equals(idp.getPostBrokerLoginFlowId())) {
            idp.setPostBrokerLoginFlowId(null);
        }
        if (existing == null) {
            idp = session.identityProviders().create(idp);
            onboarding.link(org, idp);
        } else {
            session.identityProviders().update(idp);
        }
        ensureMappers(alias, vendor);
        return new SsoOnboarding.Result(session.identityProviders().getByAlias(alias), existing == null);
    }

    private void ensureMappers(String alias, SamlVendor vendor) {
        Map<String, String> attributes = attributes(vendor);
        MAPPERS.forEach((property, name) -> {
            IdentityProviderMapperModel mapper = session.identityProviders().getMapperByName(alias, name);
            boolean create = mapper == null;
            if (create) {
                mapper = new IdentityProviderMapperModel();
                mapper.setName(name);
                mapper.setIdentityProviderAlias(alias);
                mapper.setIdentityProviderMapper(ATTRIBUTE_IMPORTER);
            }
            Map<String, String> config = new HashMap<>(mapper.getConfig() == null ? Map.of() : mapper.getConfig());
            config.put("attribute.name", attributes.get(property));
            config.remove("attribute.friendly.name");
            config.put("user.attribute", property);
            config.put("syncMode", "INHERIT");
            mapper.setConfig(config);
            if (create) {
                session.identityProviders().createMapper(mapper);
            } else {
                session.identityProviders().updateMapper(mapper);
            }
        });
    }
}
