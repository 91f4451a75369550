package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.core.IdpConnection;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.OutsideUrls;
import java.net.URI;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * Fetches an IdP's OpenID discovery document with Keycloak's HTTP client (and the pack's IdP timeouts) and checks what the broker
 * relies on: the stated issuer is the one the locator expects, the authorization code flow is there,
 * and the endpoints and keys are absolute URLs.
 */
final class Discovery {

    record Provider(String issuer, String tenantId, String authorizationUrl, String tokenUrl, String jwksUrl,
                    String userInfoUrl, String logoutUrl) {
    }

    private Discovery() {
    }

    /**
     * @param outside null for what the vendor's admin typed into the onboarding API; for what came from
     *                outside (a setup link's page), the rules for outside URLs: the discovery URL and every
     *                endpoint it names must be public https, checked again when connecting; no redirects
     */
    static Provider fetch(KeycloakSession session, ProviderLocator locator, IdpConnection connection, OutsideUrls outside) {
        JsonNode doc;
        String where = locator.discoveryUrl();
        if (outside != null) {
            checkOutside(outside, where, "discovery URL");
        }
        try (SimpleHttpResponse response = (outside == null ? connection.http(session) : outside.http(connection)).doGet(where)
                .header("Accept", "application/json").asResponse()) {
            if (outside != null && response.getStatus() >= 300 && response.getStatus() < 400) {
                throw new OnboardingRefused(ApiError.URL_REDIRECTED, "The discovery document at " + where
                        + " answered with a redirect, which is not followed for addresses entered on a setup page.");
            }
            if (response.getStatus() != 200) {
                throw new OnboardingRefused(ApiError.DISCOVERY_FAILED, "The discovery document at " + where + " answered HTTP "
                        + response.getStatus() + ". Check the " + locatorName(locator.type()) + ".");
            }
            doc = response.asJson();
        } catch (OnboardingRefused e) {
            throw e;
        } catch (Exception e) {
            OutsideUrls.Refused refused = OutsideUrls.Refused.in(e);
            if (refused != null) {
                throw new OnboardingRefused(refused.apiError(), "The discovery document at " + where + " was not fetched: "
                        + refused.getMessage());
            }
            throw new OnboardingRefused(ApiError.DISCOVERY_UNREACHABLE, "The discovery document at " + where
                    + " could not be read (" + e.getClass().getSimpleName() + "). Check the " + locatorName(locator.type())
                    + " and that Keycloak can reach the IdP.");
        }
        if (doc == null || !doc.isObject()) {
            throw new OnboardingRefused(ApiError.DISCOVERY_INVALID, "The discovery document at " + where + " is not a JSON object.");
        }
        String issuer = text(doc, "issuer");
        if (issuer == null || !locator.issuer().matcher(issuer).matches()) {
            throw new OnboardingRefused(ApiError.ISSUER_MISMATCH, "The discovery document at " + where + " states the issuer \""
                    + issuer + "\", which does not match the " + locatorName(locator.type()) + " given.");
        }
        if (!lists(doc, "response_types_supported", "code") || !lists(doc, "grant_types_supported", "authorization_code")) {
            throw new OnboardingRefused(ApiError.CODE_FLOW_UNSUPPORTED, "The IdP at " + issuer + " does not offer the authorization code flow.");
        }
        Provider provider = new Provider(issuer, locator.tenantOf(issuer), url(doc, "authorization_endpoint", where),
                url(doc, "token_endpoint", where), url(doc, "jwks_uri", where), optionalUrl(doc, "userinfo_endpoint"),
                optionalUrl(doc, "end_session_endpoint"));
        if (outside != null) {
            // Keycloak calls these itself at every sign-in: a document must not point it at the inside.
            checkOutside(outside, provider.tokenUrl(), "token_endpoint");
            checkOutside(outside, provider.jwksUrl(), "jwks_uri");
            checkOutside(outside, provider.authorizationUrl(), "authorization_endpoint");
            if (provider.userInfoUrl() != null) {
                checkOutside(outside, provider.userInfoUrl(), "userinfo_endpoint");
            }
        }
        return provider;
    }

    /** The message names the field, never what the fetched document said. */
    private static void checkOutside(OutsideUrls outside, String url, String what) {
        try {
            outside.check(url);
        } catch (OutsideUrls.Refused e) {
            throw new OnboardingRefused(e.apiError(), "The " + what + " is not allowed: " + e.getMessage());
        }
    }

    static String locatorName(IdpType type) {
        return switch (type) {
            case ENTRA -> "tenant";
            case JUMPCLOUD -> "JumpCloud issuer";
            case OKTA, OIDC -> "issuer";
        };
    }

    /** Absent means the spec's default, which includes the code flow. */
    private static boolean lists(JsonNode doc, String field, String value) {
        JsonNode list = doc.get(field);
        if (list == null || list.isNull()) {
            return true;
        }
        if (!list.isArray()) {
            return false;
        }
        for (JsonNode v : list) {
            if (value.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String url(JsonNode doc, String field, String where) {
        String value = optionalUrl(doc, field);
        if (value == null) {
            throw new OnboardingRefused(ApiError.DISCOVERY_INVALID, "The discovery document at " + where + " has no valid \"" + field + "\".");
        }
        return value;
    }

    private static String optionalUrl(JsonNode doc, String field) {
        String value = text(doc, field);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) ? value : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }
}
