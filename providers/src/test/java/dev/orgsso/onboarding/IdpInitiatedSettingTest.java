package dev.orgsso.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.Audience;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdpInitiatedSettingTest {

    /** The realm export's apps with a login of their own. */
    private static final Function<String, Audience> APPS = Map.of("main-app", Audience.USERS, "widget", Audience.USERS,
            "agent-app", Audience.AGENTS)::get;

    private static SsoRequest.IdpInitiated on(String app) {
        return new SsoRequest.IdpInitiated(true, app);
    }

    @Test
    @DisplayName("Given no wish and nothing before, then IdP-initiated sign-in is off")
    void offByDefault() {
        assertNull(IdpInitiatedSetting.app(null, null, Audience.USERS, APPS));
    }

    @Test
    @DisplayName("Given no wish, then the setting made before is kept")
    void keptWhenNotSent() {
        assertEquals("widget", IdpInitiatedSetting.app("widget", null, Audience.USERS, APPS));
    }

    @Test
    @DisplayName("Given enabled false, then it is off whatever was set before")
    void turnedOff() {
        assertNull(IdpInitiatedSetting.app("main-app", new SsoRequest.IdpInitiated(false, "main-app"), Audience.USERS, APPS));
    }

    @Test
    @DisplayName("Given enabled without an app, then it lands in the first app of the IdP's audience")
    void firstAppOfTheAudience() {
        assertEquals("main-app", IdpInitiatedSetting.app(null, on(null), Audience.USERS, APPS));
        assertEquals("agent-app", IdpInitiatedSetting.app(null, on(null), Audience.AGENTS, APPS));
    }

    @Test
    @DisplayName("Given an app of the other audience, then it is refused with idp_initiated_invalid")
    void otherAudienceRefused() {
        OnboardingRefused refused = assertThrows(OnboardingRefused.class,
                () -> IdpInitiatedSetting.app(null, on("agent-app"), Audience.USERS, APPS));
        assertEquals(ApiError.IDP_INITIATED_INVALID.code(), refused.code());
        assertThrows(OnboardingRefused.class, () -> IdpInitiatedSetting.app(null, on("main-app"), Audience.AGENTS, APPS));
    }

    @Test
    @DisplayName("Given an unknown app, or a kept app after the IdP changed audience, then it is refused")
    void unknownOrStaleAppRefused() {
        assertThrows(OnboardingRefused.class, () -> IdpInitiatedSetting.app(null, on("no-such-app"), Audience.USERS, APPS));
        assertThrows(OnboardingRefused.class, () -> IdpInitiatedSetting.app("main-app", null, Audience.AGENTS, APPS));
    }

    @Test
    @DisplayName("Given the field in a request, then it is parsed; a wrong shape is idp_initiated_invalid; OIDC refuses it")
    void parsed() {
        SsoRequest saml = SsoRequest.from(Map.of("protocol", "saml", "type", "okta",
                "idpInitiated", Map.of("enabled", true, "app", "widget")));
        assertEquals(on("widget"), saml.idpInitiated());
        assertNull(SsoRequest.from(Map.of("protocol", "saml", "type", "okta")).idpInitiated());
        assertEquals(ApiError.IDP_INITIATED_INVALID.code(), assertThrows(OnboardingRefused.class,
                () -> SsoRequest.from(Map.of("protocol", "saml", "type", "okta", "idpInitiated", true))).code());
        assertEquals(ApiError.IDP_INITIATED_INVALID.code(), assertThrows(OnboardingRefused.class,
                () -> SsoRequest.from(Map.of("type", "okta", "clientId", "a", "clientSecret", "b",
                        "idpInitiated", Map.of("enabled", true)))).code());
    }
}
