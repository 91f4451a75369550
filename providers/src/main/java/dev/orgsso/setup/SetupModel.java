package dev.orgsso.setup;

import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlVendor;
import dev.orgsso.core.TestSignIn;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * What the setup template ({@value SetupPage#TEMPLATE}) reads under {@code setup}: plain maps and lists,
 * so the template needs no Java types. Never the client secret, never the token beyond the form URLs.
 */
final class SetupModel {

    private SetupModel() {
    }

    static Map<String, Object> base(KeycloakSession session, SetupLinks.Opened opened, String step, String token) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("step", step);
        model.put("organization", opened.org().getName());
        model.put("purpose", opened.link().purpose().name().toLowerCase(Locale.ROOT));
        model.put("expiresAt", date(opened.link().expiresAt()));
        String base = SetupResource.url(session, token);
        Map<String, String> actions = new LinkedHashMap<>();
        for (String action : List.of("provider", "connection", "change", "test", "activate", "domains", "domains/check", "secret", "certificates")) {
            actions.put(action.replace("/c", "C"), base + "/" + action);
        }
        actions.put("page", base);
        model.put("actions", actions);
        model.put("types", Arrays.stream(IdpType.values()).map(SetupModel::type).toList());
        SetupChoice chosen = SetupChoice.stored(opened.link().type());
        model.put("protocol", chosen != null && chosen.isSaml() ? SetupChoice.SAML_PROTOCOL : "oidc");
        if (chosen != null) {
            model.put("type", Map.of("value", chosen.vendor(), "label", chosen.label()));
        }
        return model;
    }

    static Map<String, Object> type(IdpType type) {
        return Map.of("value", type.value(), "label", type.label());
    }

    /** What is saved, as the IT admin entered it (and what discovery found). */
    static Map<String, Object> connection(FederatedIdp idp, String redirectUri) {
        Map<String, Object> c = new LinkedHashMap<>();
        Map<String, String> config = idp.model().getConfig();
        c.put("type", type(idp.type()));
        c.put("alias", idp.model().getAlias());
        c.put("issuer", config.getOrDefault("issuer", ""));
        c.put("clientId", config.getOrDefault("clientId", ""));
        c.put("tenantId", idp.tenantId() == null ? "" : idp.tenantId());
        c.put("secretExpiresAt", idp.secretExpiresAt() == null ? "" : idp.secretExpiresAt().toString());
        c.put("redirectUri", redirectUri);
        c.put("pending", idp.pending());
        return c;
    }

    /** What to register at the IdP: the redirect URI, the scopes and the optional claims of that vendor. */
    static Map<String, Object> register(IdpType type, String redirectUri) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("vendor", type.value());
        r.put("redirectUri", redirectUri);
        r.put("scopes", type.scopes());
        r.put("claims", type == IdpType.ENTRA ? List.of("email", "given_name", "family_name", "xms_edov") : List.of("email", "given_name", "family_name"));
        return r;
    }

    /**
     * A saved SAML connection, from the onboarding API's view of it: the IdP's entity id and sign-in URL as
     * its metadata gave them, where the metadata came from, and the pinned signing certificates.
     */
    static Map<String, Object> samlConnection(Map<String, Object> view, FederatedIdp idp) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", Map.of("value", idp.samlVendor().value(), "label", idp.samlVendor().label()));
        c.put("alias", idp.model().getAlias());
        c.put("entityId", text(view.get("entityId")));
        c.put("ssoUrl", text(view.get("singleSignOnServiceUrl")));
        c.put("metadataUrl", text(view.get("metadataUrl")));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> certificates = (List<Map<String, String>>) view.get("signingCertificates");
        c.put("certificates", certificates.stream().map(cert -> Map.of("subject", text(cert.get("subject")),
                "notAfter", cert.get("notAfter") == null ? "" : cert.get("notAfter").substring(0, 10))).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> setup = (Map<String, Object>) view.get("customerSetup");
        c.put("acsUrl", text(setup.get("acsUrl")));
        c.put("pending", idp.pending());
        return c;
    }

    /** What to register at a SAML IdP (the onboarding's customer setup): SP values, NameID format, the attributes by vendor name. */
    static Map<String, Object> samlRegister(SamlVendor vendor, Map<String, Object> setup) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("vendor", vendor.value());
        r.put("spEntityId", setup.get("spEntityId"));
        r.put("acsUrl", setup.get("acsUrl"));
        r.put("spMetadataUrl", setup.get("spMetadataUrl"));
        r.put("nameIdFormat", setup.get("nameIdFormat"));
        @SuppressWarnings("unchecked")
        Map<String, String> attributes = (Map<String, String>) setup.get("attributes");
        r.put("attributes", attributes.entrySet().stream().map(a -> Map.of("property", a.getKey(), "name", a.getValue())).toList());
        return r;
    }

    /** The SAML form: the metadata URL typed (after a refusal) or saved; pasted XML only as typed. */
    static Map<String, Object> samlForm(String savedUrl, MultivaluedMap<String, String> typed) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("metadataUrl", value(typed, "metadataUrl", savedUrl));
        String xml = typed == null ? null : typed.getFirst("metadataXml");
        f.put("metadataXml", xml == null ? "" : xml);
        return f;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** The connection form: what was typed (after a refusal) or saved; never a secret. */
    static Map<String, Object> form(IdpType type, FederatedIdp saved, MultivaluedMap<String, String> typed) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("needsTenant", type == IdpType.ENTRA);
        f.put("needsIssuer", type == IdpType.OKTA || type == IdpType.OIDC);
        Map<String, String> config = saved == null ? Map.of() : saved.model().getConfig();
        f.put("tenant", value(typed, "tenant", config.getOrDefault(FederatedIdp.DOMAIN_HINT, saved == null || saved.tenantId() == null ? "" : saved.tenantId())));
        f.put("issuer", value(typed, "issuer", type == IdpType.ENTRA ? "" : config.getOrDefault("issuer", "")));
        f.put("clientId", value(typed, "clientId", config.getOrDefault("clientId", "")));
        f.put("clientSecretExpiresAt", value(typed, "clientSecretExpiresAt",
                saved == null || saved.secretExpiresAt() == null ? "" : saved.secretExpiresAt().toString()));
        f.put("secretSaved", saved != null);
        return f;
    }

    static Map<String, Object> domain(DomainProofs.Claim claim) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", claim.domain());
        d.put("verified", claim.verified());
        d.put("recordName", claim.recordName() == null ? "" : claim.recordName());
        d.put("recordValue", claim.recordValue() == null ? "" : claim.recordValue());
        return d;
    }

    static Map<String, Object> result(TestVerdicts.Result result, Map<String, String> observed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("passed", result.passed());
        r.put("error", result.error() == null ? "" : result.error());
        r.put("verdicts", result.verdicts().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claim", v.claim());
            m.put("value", v.value() == null ? "" : v.value());
            m.put("level", v.level().name().toLowerCase(Locale.ROOT));
            m.put("message", v.message());
            m.put("param", v.params().isEmpty() ? "" : v.params().get(0));
            return m;
        }).toList());
        String names = observed.getOrDefault(TestSignIn.OBSERVED_CLAIM_NAMES, "");
        r.put("claims", names.isBlank() ? List.of() : List.of(names.split(" ")));
        r.put("subject", observed.getOrDefault(TestSignIn.OBSERVED_SUBJECT, ""));
        return r;
    }

    static Map<String, Object> message(String key, String param) {
        return Map.of("key", key, "param", param == null ? "" : param);
    }

    private static String value(MultivaluedMap<String, String> typed, String field, String fallback) {
        String v = typed == null ? null : typed.getFirst(field);
        return v != null ? v.strip() : fallback == null ? "" : fallback;
    }

    private static String date(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
