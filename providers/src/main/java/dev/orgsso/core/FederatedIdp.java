package dev.orgsso.core;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * The pack's settings on a customer IdP, kept in the IdP's own config so that they travel with realm
 * exports and show in the admin console next to Keycloak's settings.
 */
public final class FederatedIdp {

    /** The pack's first broker login flow (duplicate email, emailed code, membership), as the realm export names it. */
    public static final String FIRST_LOGIN_FLOW = "orgsso first broker login";

    public static final String TYPE = "orgsso.type";
    /** The vendor of a SAML IdP the pack onboarded ({@link SamlVendor}); OIDC IdPs carry {@link #TYPE} instead. */
    public static final String SAML_TYPE = "orgsso.saml.type";
    /** The pack's claims mapper (email, names, stable subject, email trust) on every IdP it onboards. */
    public static final String CLAIMS_MAPPER = "orgsso-claims";
    /** The claims mapper's config: which IdP type's claims it reads. */
    public static final String CLAIMS_MAPPER_TYPE = "orgsso.claims.type";
    public static final String TENANT_ID = "orgsso.tenantId";
    /** Entra's {@code domain_hint}, set when the tenant was named by a domain. */
    public static final String DOMAIN_HINT = "orgsso.domainHint";
    public static final String SECRET_EXPIRES_AT = "orgsso.secretExpiresAt";
    /**
     * The last expiry warning given (30, 7, 1 or 0 days) for the connection's credential, so each is given
     * once per cluster; removed when the credential is replaced (a new secret, new certificates).
     */
    public static final String SECRET_EXPIRY_WARNED = "orgsso.secretExpiryWarned";
    /**
     * Set on a connection a customer's IT admin made through a setup link until they activate it: the IdP
     * exists (its broker endpoint must answer the test sign-in) but is offered to nobody ({@link #offered}).
     */
    public static final String PENDING = "orgsso.pending";
    /**
     * Set on a connection whose URLs came from outside (a setup link's page): every call Keycloak makes to
     * it (discovery, token, keys, userinfo) follows the rules for outside URLs ({@link OutsideUrls}).
     */
    public static final String OUTSIDE = "orgsso.outsideUrls";

    /**
     * On an organisation's SAML IdP: IdP-initiated sign-in (the company portal's tile) is on, and lands in
     * the app with this client id; absent, it is off (the default).
     */
    public static final String SAML_IDP_INITIATED = "orgsso.saml.idpInitiated";

    /** What expires on a connection and stops its sign-ins: an OIDC client secret or a SAML IdP's signing certificates. */
    public enum Credential {
        CLIENT_SECRET,
        SIGNING_CERTIFICATE;

        /** As events, audit lines and the expiry API name it: {@code client_secret}, {@code signing_certificate}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final IdentityProviderModel idp;

    public FederatedIdp(IdentityProviderModel idp) {
        this.idp = idp;
    }

    public IdpType type() {
        return IdpType.ofConfig(config().get(TYPE));
    }

    public SamlVendor samlVendor() {
        return SamlVendor.ofConfig(config().get(SAML_TYPE));
    }

    /** Onboarded by the pack, OIDC or SAML. */
    public boolean madeByPack() {
        return type() != null || samlVendor() != null;
    }

    /** The client id of the app an IdP-initiated sign-in lands in, or null when that sign-in is off. */
    public String idpInitiatedApp() {
        String app = config().get(SAML_IDP_INITIATED);
        return app == null || app.isBlank() ? null : app.strip();
    }

    public String tenantId() {
        return config().get(TENANT_ID);
    }

    /** The expiry date of the client secret, or {@code null} when unknown (or unreadable). */
    public LocalDate secretExpiresAt() {
        String value = config().get(SECRET_EXPIRES_AT);
        try {
            return value == null || value.isBlank() ? null : LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** What expires on this connection: the client secret (OIDC) or the signing certificates (SAML); null when not the pack's. */
    public Credential credential() {
        return samlVendor() != null ? Credential.SIGNING_CERTIFICATE : type() != null ? Credential.CLIENT_SECRET : null;
    }

    /**
     * When this connection's {@link #credential()} expires (UTC date): the client secret's recorded date,
     * or the day the last pinned signing certificate's {@code notAfter} falls on; null when unknown.
     */
    public LocalDate credentialExpiresAt() {
        Credential credential = credential();
        if (credential == Credential.SIGNING_CERTIFICATE) {
            java.time.Instant notAfter = SamlCertificates.lastNotAfter(config().get(SamlCertificates.CONFIG));
            return notAfter == null ? null : LocalDate.ofInstant(notAfter, ZoneOffset.UTC);
        }
        return credential == Credential.CLIENT_SECRET ? secretExpiresAt() : null;
    }

    /** Days from today (UTC) until the credential expires, negative once expired; null when unknown. */
    public Long credentialDaysLeft() {
        LocalDate expiry = credentialExpiresAt();
        return expiry == null ? null : ChronoUnit.DAYS.between(LocalDate.now(ZoneOffset.UTC), expiry);
    }

    public Integer warnedStage() {
        String value = config().get(SECRET_EXPIRY_WARNED);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Its URLs came from outside: calls to it follow the rules for outside URLs. */
    public boolean fromOutside() {
        return "true".equals(config().get(OUTSIDE));
    }

    /** Made through a setup link and not yet activated. */
    public boolean pending() {
        return "true".equals(config().get(PENDING));
    }

    /**
     * Whether users may be sent to this IdP: enabled, and not a setup link's connection waiting for its
     * test sign-in and activation. Every place that picks an IdP for a user asks this.
     */
    public static boolean offered(IdentityProviderModel idp) {
        return idp.isEnabled() && !new FederatedIdp(idp).pending();
    }

    public IdentityProviderModel model() {
        return idp;
    }

    /** Days from today (UTC) until the client secret expires, negative once expired; null when unknown. */
    public Long secretDaysLeft() {
        LocalDate expiry = secretExpiresAt();
        return expiry == null ? null : ChronoUnit.DAYS.between(LocalDate.now(ZoneOffset.UTC), expiry);
    }

    /** The IdP's own first broker login flow, or the realm's default when it names none, is the pack's. */
    public static boolean runsPackSignup(RealmModel realm, IdentityProviderModel idp) {
        AuthenticationFlowModel pack = realm.getFlowByAlias(FIRST_LOGIN_FLOW);
        String flowId = idp.getFirstBrokerLoginFlowId();
        if (flowId == null || flowId.isBlank()) {
            AuthenticationFlowModel realmDefault = realm.getFirstBrokerLoginFlow();
            flowId = realmDefault == null ? null : realmDefault.getId();
        }
        return pack != null && pack.getId().equals(flowId);
    }

    private Map<String, String> config() {
        return idp.getConfig() == null ? Map.of() : idp.getConfig();
    }
}
