package dev.orgsso.onboarding;

import dev.orgsso.core.IdpConnection;
import dev.orgsso.core.IdpType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderLocatorTest {

    private static final FederationSettings SETTINGS = new FederationSettings("https://login.microsoftonline.com",
            "https://oauth.id.jumpcloud.com/", 3600, IdpConnection.defaults());
    private static final String TID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    @Test
    void entraByDomainExpectsAnyTenantIssuerAndGivesTheDomainAsHint() {
        ProviderLocator l = ProviderLocator.of(IdpType.ENTRA, " Contoso.com ", null, SETTINGS);
        assertEquals("https://login.microsoftonline.com/contoso.com/v2.0/.well-known/openid-configuration", l.discoveryUrl());
        assertEquals("contoso.com", l.domainHint());
        assertTrue(l.issuer().matcher("https://login.microsoftonline.com/" + TID + "/v2.0").matches());
        assertEquals(TID, l.tenantOf("https://login.microsoftonline.com/" + TID + "/v2.0"));
        assertFalse(l.issuer().matcher("https://login.microsoftonline.com/common/v2.0").matches());
        assertFalse(l.issuer().matcher("https://evil.example/" + TID + "/v2.0").matches());
    }

    @Test
    void entraByTenantIdExpectsExactlyThatTenant() {
        ProviderLocator l = ProviderLocator.of(IdpType.ENTRA, TID.toUpperCase(), null, SETTINGS);
        assertNull(l.domainHint());
        assertTrue(l.issuer().matcher("https://login.microsoftonline.com/" + TID + "/v2.0").matches());
        assertFalse(l.issuer().matcher("https://login.microsoftonline.com/00000000-86f1-41af-91ab-2d7cd011db47/v2.0").matches());
    }

    @Test
    void badLocatorsAreRefusedWithTheirCode() {
        assertEquals("tenant_invalid", assertThrows(OnboardingRefused.class,
                () -> ProviderLocator.of(IdpType.ENTRA, "contoso com", null, SETTINGS)).code());
        assertEquals("tenant_invalid", assertThrows(OnboardingRefused.class,
                () -> ProviderLocator.of(IdpType.ENTRA, "../common", null, SETTINGS)).code());
        assertEquals("tenant_missing", assertThrows(OnboardingRefused.class,
                () -> ProviderLocator.of(IdpType.ENTRA, " ", null, SETTINGS)).code());
        for (String bad : new String[] {"http://acme.okta.com", "ftp://acme.okta.com", "https://user@acme.okta.com",
                "https://acme.okta.com?x=1", "https://acme.okta.com#f", "acme.okta.com", "https://"}) {
            assertEquals("issuer_invalid", assertThrows(OnboardingRefused.class,
                    () -> ProviderLocator.of(IdpType.OKTA, null, bad, SETTINGS)).code(), bad);
        }
    }

    @Test
    void oktaAndJumpCloudIssuersAcceptOneTrailingSlashEitherWay() {
        ProviderLocator okta = ProviderLocator.of(IdpType.OKTA, null, "https://acme.okta.com/oauth2/default/", SETTINGS);
        assertEquals("https://acme.okta.com/oauth2/default/.well-known/openid-configuration", okta.discoveryUrl());
        assertTrue(okta.issuer().matcher("https://acme.okta.com/oauth2/default").matches());
        assertFalse(okta.issuer().matcher("https://acme.okta.com").matches());
        ProviderLocator jc = ProviderLocator.of(IdpType.JUMPCLOUD, null, null, SETTINGS);
        assertEquals("https://oauth.id.jumpcloud.com/.well-known/openid-configuration", jc.discoveryUrl());
        assertTrue(jc.issuer().matcher("https://oauth.id.jumpcloud.com/").matches());
        assertTrue(ProviderLocator.of(IdpType.OIDC, null, "http://127.0.0.1:9999/idp", SETTINGS).issuer()
                .matcher("http://127.0.0.1:9999/idp").matches(), "plain http only on loopback");
    }
}
