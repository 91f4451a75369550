package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.IdpType;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a customer's admin knows (an Entra tenant, an Okta URL, nothing for JumpCloud, an issuer)
 * into the discovery URL to fetch and the issuer that discovery must then state. Entra's discovery for a
 * domain names the tenant's GUID in its issuer; that GUID is what the tokens carry as {@code tid}.
 */
record ProviderLocator(IdpType type, String discoveryUrl, Pattern issuer, String domainHint) {

    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final String WELL_KNOWN = "/.well-known/openid-configuration";

    static ProviderLocator of(IdpType type, String tenant, String issuer, FederationSettings settings) {
        return switch (type) {
            case ENTRA -> entra(tenant, settings.entraAuthority());
            case JUMPCLOUD -> exact(type, settings.jumpcloudIssuer());
            case OKTA, OIDC -> exact(type, issuerUrl(issuer));
        };
    }

    /** The tenant ID (GUID) inside an Entra issuer, or {@code null}. */
    String tenantOf(String discoveredIssuer) {
        if (type != IdpType.ENTRA) {
            return null;
        }
        Matcher m = issuer.matcher(discoveredIssuer);
        return m.matches() ? m.group(1) : null;
    }

    private static ProviderLocator entra(String tenant, String authority) {
        String t = tenant == null ? "" : tenant.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new OnboardingRefused(ApiError.TENANT_MISSING, "\"tenant\" is required for Entra ID: the tenant's primary domain, "
                    + "its *.onmicrosoft.com domain or its tenant ID (GUID).");
        }
        boolean guid = GUID.matcher(t).matches();
        if (!guid && !DOMAIN.matcher(t).matches()) {
            throw new OnboardingRefused(ApiError.TENANT_INVALID, "\"tenant\" must be a domain such as contoso.com or contoso.onmicrosoft.com, "
                    + "or a tenant ID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.");
        }
        String tid = "(" + (guid ? Pattern.quote(t) : GUID.pattern()) + ")";
        return new ProviderLocator(IdpType.ENTRA, authority + "/" + t + "/v2.0" + WELL_KNOWN,
                Pattern.compile(Pattern.quote(authority + "/") + tid + Pattern.quote("/v2.0")), guid ? null : t);
    }

    private static ProviderLocator exact(IdpType type, String issuer) {
        // One trailing slash either way is the same issuer to an admin (JumpCloud's has one, Okta's has none);
        // the issuer discovery states is what gets stored and checked in tokens.
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return new ProviderLocator(type, base + WELL_KNOWN, Pattern.compile(Pattern.quote(base) + "/?"), null);
    }

    /** An issuer the admin typed: absolute https (http only on loopback, for local test IdPs), no query or fragment. */
    static String issuerUrl(String issuer) {
        if (issuer == null || issuer.isBlank()) {
            throw new OnboardingRefused(ApiError.ISSUER_MISSING, "\"issuer\" is required: the IdP's issuer URL, e.g. https://acme.okta.com "
                    + "or https://acme.okta.com/oauth2/default.");
        }
        String s = issuer.strip();
        URI uri;
        try {
            uri = new URI(s);
        } catch (Exception e) {
            throw new OnboardingRefused(ApiError.ISSUER_INVALID, "\"issuer\" is not a URL: " + s);
        }
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            throw new OnboardingRefused(ApiError.ISSUER_INVALID, "\"issuer\" must be an https URL without query, fragment or user info: " + s);
        }
        return s;
    }
}
