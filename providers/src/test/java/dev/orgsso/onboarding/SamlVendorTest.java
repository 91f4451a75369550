package dev.orgsso.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.SamlVendor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SamlVendorTest {

    private static final SamlMetadata.Idp METADATA = new SamlMetadata.Idp("https://idp.example/saml", "https://idp.example/sso", true,
            null, false, false, List.of(new SamlMetadata.Certificate("AAA", "CN=a", Instant.MAX),
            new SamlMetadata.Certificate("BBB", "CN=b", Instant.MAX)), List.of());

    @Test
    @DisplayName("Given Entra, then the principal is the object id and email and names are Entra's claim URIs")
    void entra() {
        Map<String, String> attributes = SamlOnboarding.attributes(SamlVendor.ENTRA);
        assertEquals("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", attributes.get("email"));
        assertEquals("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", attributes.get("firstName"));
        assertEquals("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", attributes.get("lastName"));
        assertEquals("http://schemas.microsoft.com/identity/claims/objectidentifier", attributes.get("principal"));
        Map<String, String> config = SamlOnboarding.config(null, SamlVendor.ENTRA, METADATA, null, false, "https://sp.example/descriptor");
        assertEquals("ATTRIBUTE", config.get("principalType"));
        assertEquals("http://schemas.microsoft.com/identity/claims/objectidentifier", config.get("principalAttribute"));
    }

    @Test
    @DisplayName("Given Okta, JumpCloud or any SAML IdP, then the principal is the persistent NameID and the email is 'email'")
    void others() {
        for (SamlVendor vendor : List.of(SamlVendor.OKTA, SamlVendor.JUMPCLOUD, SamlVendor.SAML)) {
            Map<String, String> attributes = SamlOnboarding.attributes(vendor);
            assertEquals("email", attributes.get("email"), vendor.value());
            assertNull(attributes.get("principal"), vendor.value());
            Map<String, String> config = SamlOnboarding.config(Map.of("principalAttribute", "old", FederatedIdp.TYPE, "okta"), vendor,
                    METADATA, null, false, "https://sp.example/descriptor");
            assertEquals("SUBJECT", config.get("principalType"));
            assertFalse(config.containsKey("principalAttribute"), "an earlier attribute principal goes");
            assertFalse(config.containsKey(FederatedIdp.TYPE), "a SAML IdP is never read as an OIDC one");
            assertEquals(vendor.value(), config.get(FederatedIdp.SAML_TYPE));
        }
    }

    @Test
    @DisplayName("Every vendor: signed assertions required and checked with the pinned certificates, persistent NameID, import")
    void safeDefaults() {
        for (SamlVendor vendor : SamlVendor.values()) {
            Map<String, String> config = SamlOnboarding.config(Map.of("wantAssertionsSigned", "false"), vendor, METADATA,
                    "https://idp.example/metadata", false, "https://sp.example/descriptor");
            assertEquals("true", config.get("wantAssertionsSigned"));
            assertEquals("true", config.get("validateSignature"));
            assertEquals("AAA,BBB", config.get("signingCertificate"));
            assertEquals("true", config.get("useMetadataDescriptorUrl"), "the vendor's metadata URL: Keycloak reloads keys from it");
            assertEquals("https://idp.example/metadata", config.get("metadataDescriptorUrl"));
            assertEquals(SamlVendor.PERSISTENT, config.get("nameIDPolicyFormat"));
            assertEquals("IMPORT", config.get("syncMode"));
            assertEquals("true", config.get("postBindingResponse"));
            assertEquals("https://idp.example/saml", config.get("idpEntityId"));
            assertEquals("https://sp.example/descriptor", config.get("entityId"));
            assertEquals(vendor.value() + "-saml-org1", vendor.alias("org1"));
        }
    }

    @Test
    @DisplayName("Keys are reloaded by Keycloak only from a URL the vendor gave: a setup page's URL, or XML, keeps the pinned certificates")
    void keysFromTheMetadataUrl() {
        assertEquals("false", SamlOnboarding.config(null, SamlVendor.OKTA, METADATA, "https://idp.example/metadata", true,
                "https://sp.example/descriptor").get("useMetadataDescriptorUrl"), "typed on a setup page");
        assertEquals("false", SamlOnboarding.config(Map.of(FederatedIdp.OUTSIDE, "true"), SamlVendor.OKTA, METADATA,
                "https://idp.example/metadata", false, "https://sp.example/descriptor").get("useMetadataDescriptorUrl"),
                "made through a setup page before");
        assertEquals("false", SamlOnboarding.config(null, SamlVendor.OKTA, METADATA, null, false, "https://sp.example/descriptor")
                .get("useMetadataDescriptorUrl"), "metadata XML");
    }

    @Test
    @DisplayName("New certificates forget the expiry warnings given for the old ones; the same certificates keep them")
    void newCertificatesResetTheWarnings() {
        Map<String, String> same = SamlOnboarding.config(Map.of("signingCertificate", "AAA,BBB", FederatedIdp.SECRET_EXPIRY_WARNED, "7"),
                SamlVendor.OKTA, METADATA, null, false, "https://sp.example/descriptor");
        assertEquals("7", same.get(FederatedIdp.SECRET_EXPIRY_WARNED));
        Map<String, String> renewed = SamlOnboarding.config(Map.of("signingCertificate", "OLD", FederatedIdp.SECRET_EXPIRY_WARNED, "7"),
                SamlVendor.OKTA, METADATA, null, false, "https://sp.example/descriptor");
        assertNull(renewed.get(FederatedIdp.SECRET_EXPIRY_WARNED));
        assertEquals("AAA,BBB", renewed.get("signingCertificate"));
    }

    @Test
    @DisplayName("The type is read as an admin types it; 'oidc' is not a SAML type")
    void parse() {
        assertEquals(SamlVendor.ENTRA, SamlVendor.parse(" Entra "));
        assertEquals(SamlVendor.SAML, SamlVendor.parse("saml"));
        assertNull(SamlVendor.parse("oidc"));
    }
}
