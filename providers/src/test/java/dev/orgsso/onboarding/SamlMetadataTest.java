package dev.orgsso.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SamlMetadataTest {

    private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
    private static final String WHERE = "The metadata XML";

    @Test
    @DisplayName("Given Entra-like metadata, then the entity id, the POST SSO URL and both signing certificates are taken")
    void takesWhatTheBrokerNeeds() throws IOException {
        SamlMetadata.Idp idp = SamlMetadata.check(metadata(), WHERE, NOW);
        assertEquals("https://idp.example/saml", idp.entityId());
        assertEquals("https://idp.example/saml/post", idp.ssoUrl(), "HTTP-POST preferred wherever it is listed");
        assertTrue(idp.postBinding());
        assertEquals("https://idp.example/saml/logout", idp.logoutUrl());
        assertFalse(idp.postLogout());
        assertTrue(idp.wantAuthnRequestsSigned());
        assertEquals(2, idp.signingCertificates().size(), "both certificates of a rollover are pinned; the encryption key is not");
        String[] pinned = idp.pinnedCertificates().split(",");
        assertEquals(2, pinned.length);
        assertFalse(pinned[1].contains("\n") || pinned[1].contains(" "), "white space inside the element is dropped");
        assertEquals("CN=idp-a.example", idp.signingCertificates().get(0).subject());
        assertTrue(idp.signingCertificates().get(0).notAfter().isAfter(NOW));
    }

    @Test
    @DisplayName("Given only the HTTP-Redirect binding, then that URL is used without POST")
    void redirectBindingOnly() throws IOException {
        String xml = metadata().replaceAll("<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"[^>]*/>", "");
        SamlMetadata.Idp idp = SamlMetadata.check(xml, WHERE, NOW);
        assertEquals("https://idp.example/saml/redirect", idp.ssoUrl());
        assertFalse(idp.postBinding());
    }

    @Test
    @DisplayName("Given no SSO service with a binding Keycloak speaks, then metadata_no_sso_url")
    void noSupportedBinding() throws IOException {
        String xml = metadata().replace("bindings:HTTP-Redirect\" Location=\"https://idp.example/saml/redirect",
                        "bindings:SOAP\" Location=\"https://idp.example/saml/soap")
                .replace("bindings:HTTP-POST\" Location=\"https://idp.example/saml/post", "bindings:PAOS\" Location=\"https://idp.example/saml/ecp");
        assertEquals("metadata_no_sso_url", refused(xml, NOW));
        assertEquals("metadata_no_sso_url", refused(metadata().replace("https://idp.example/saml/post", "/relative")
                .replace("https://idp.example/saml/redirect", "relative"), NOW));
    }

    @Test
    @DisplayName("Given no signing key, or only an encryption key, then metadata_no_signing_certificate")
    void noSigningCertificate() throws IOException {
        String noKeys = metadata().replaceAll("(?s)<md:KeyDescriptor.*?</md:KeyDescriptor>", "");
        assertEquals("metadata_no_signing_certificate", refused(noKeys, NOW));
        String encryptionOnly = metadata().replaceAll("(?s)<md:KeyDescriptor use=\"signing\">.*?</md:KeyDescriptor>", "");
        assertEquals("metadata_no_signing_certificate", refused(encryptionOnly, NOW));
    }

    @Test
    @DisplayName("Given a key without a use, then it signs (SAML allows a key for both)")
    void unmarkedKeySigns() throws IOException {
        String unmarked = metadata().replaceAll("(?s)<md:KeyDescriptor use=\"encryption\">.*?</md:KeyDescriptor>", "")
                .replace("<md:KeyDescriptor use=\"signing\">", "<md:KeyDescriptor>");
        assertEquals(2, SamlMetadata.check(unmarked, WHERE, NOW).signingCertificates().size());
    }

    @Test
    @DisplayName("Given only expired signing certificates, then metadata_no_signing_certificate naming the expiry")
    void expiredCertificates() throws IOException {
        OnboardingRefused e = assertThrows(OnboardingRefused.class,
                () -> SamlMetadata.check(metadata(), WHERE, Instant.parse("2100-01-01T00:00:00Z")));
        assertEquals("metadata_no_signing_certificate", e.code());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    @DisplayName("Given a certificate that is not one, then metadata_invalid")
    void brokenCertificate() throws IOException {
        String broken = metadata().replaceFirst("<ds:X509Certificate>[^<]+</ds:X509Certificate>", "<ds:X509Certificate>bm90IGEgY2VydA==</ds:X509Certificate>");
        assertEquals("metadata_invalid", refused(broken, NOW));
    }

    @Test
    @DisplayName("Given something other than IdP metadata, then metadata_invalid")
    void notIdpMetadata() throws IOException {
        assertEquals("metadata_invalid", refused("<html><body>Sign in</body></html>", NOW));
        assertEquals("metadata_invalid", refused("{\"issuer\": \"https://idp.example\"}", NOW));
        String spOnly = metadata().replace("md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\"", "md:SPSSODescriptor")
                .replace("</md:IDPSSODescriptor>", "</md:SPSSODescriptor>").replaceAll("<md:SingleSignOnService[^>]*/>", "");
        assertEquals("metadata_invalid", refused(spOnly, NOW));
    }

    private static String refused(String xml, Instant now) {
        return assertThrows(OnboardingRefused.class, () -> SamlMetadata.check(xml, WHERE, now)).code();
    }

    private static String metadata() throws IOException {
        try (InputStream in = SamlMetadataTest.class.getResourceAsStream("/saml/idp-metadata.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
