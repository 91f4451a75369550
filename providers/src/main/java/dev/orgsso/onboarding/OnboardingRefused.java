package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;

/** A bad onboarding request: answered with 400, its code and a message the admin can act on; nothing is changed. */
public final class OnboardingRefused extends RuntimeException {

    private final String code;

    OnboardingRefused(ApiError code, String message) {
        this(code.code(), message);
    }

    OnboardingRefused(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
