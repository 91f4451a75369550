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
            ApiError.URL_NOT_PUBLIC, ApiError.URL_INVALID, ApiError.URL_UNRESOLVABLE, ApiError.URL_REDIRECTED,
            ApiError.METADATA_MISSING, ApiError.METADATA_FAILED, ApiError.METADATA_UNREACHABLE, ApiError.METADATA_INVALID,
            ApiError.METADATA_NO_ENTITY_ID, ApiError.METADATA_NO_SSO_URL, ApiError.METADATA_NO_SIGNING_CERTIFICATE,
            ApiError.METADATA_OTHER_IDP);
    /** A metadata URL that is no absolute http(s) URL: the API's {@code metadataUrl_invalid}. */
    private static final String METADATA_URL_INVALID = ApiError.fieldInvalid("metadataUrl");

    private SetupErrors() {
    }

    static String known(String code) {
        if (METADATA_URL_INVALID.equals(code)) {
            return ApiError.URL_INVALID.code();
        }
        return EXPLAINED.stream().anyMatch(e -> e.code().equals(code)) ? code : "other";
    }
}
