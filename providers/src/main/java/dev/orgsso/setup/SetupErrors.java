package dev.orgsso.setup;

import dev.orgsso.core.ApiError;
import java.util.Set;

/**
 * The onboarding's refusals the setup pages explain in the IT admin's words (theme keys
 * {@code orgssoSetupError.<code>}); any other code gets the general sentence ({@code other}).
 */
final class SetupErrors {

    private static final Set<ApiError> EXPLAINED = Set.of(ApiError.CLIENT_ID_MISSING, ApiError.CLIENT_SECRET_MISSING,
            ApiError.TENANT_MISSING, ApiError.TENANT_INVALID, ApiError.ISSUER_MISSING, ApiError.ISSUER_INVALID,
            ApiError.DISCOVERY_FAILED, ApiError.DISCOVERY_UNREACHABLE, ApiError.DISCOVERY_INVALID, ApiError.ISSUER_MISMATCH,
            ApiError.CODE_FLOW_UNSUPPORTED, ApiError.EXPIRY_INVALID, ApiError.CONNECTION_LIVE, ApiError.URL_NOT_HTTPS,
            ApiError.URL_NOT_PUBLIC, ApiError.URL_INVALID, ApiError.URL_UNRESOLVABLE, ApiError.URL_REDIRECTED);

    private SetupErrors() {
    }

    static String known(String code) {
        return EXPLAINED.stream().anyMatch(e -> e.code().equals(code)) ? code : "other";
    }
}
