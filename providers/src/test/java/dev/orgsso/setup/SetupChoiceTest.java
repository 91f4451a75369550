package dev.orgsso.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlVendor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SetupChoiceTest {

    @Test
    @DisplayName("Given a vendor and no protocol, then the choice is that vendor's OpenID Connect")
    void oidcByDefault() {
        SetupChoice choice = SetupChoice.of("okta", null);
        assertEquals(new SetupChoice(IdpType.OKTA, null), choice);
        assertEquals("okta", choice.value());
        assertEquals("okta-org1", choice.alias("org1"));
    }

    @Test
    @DisplayName("Given SAML, then each vendor is its SAML vendor and 'another' is any SAML 2.0 IdP")
    void saml() {
        assertEquals(SamlVendor.ENTRA, SetupChoice.of("entra", "saml").saml());
        assertEquals(SamlVendor.JUMPCLOUD, SetupChoice.of("jumpcloud", " SAML ").saml());
        SetupChoice other = SetupChoice.of("oidc", "saml");
        assertEquals(SamlVendor.SAML, other.saml());
        assertEquals("saml:saml", other.value());
        assertEquals("saml-saml-org1", other.alias("org1"));
        assertEquals("saml", other.vendor());
    }

    @Test
    @DisplayName("Given the stored value, then it reads back as the choice; anything else is no choice")
    void storedRoundTrip() {
        for (String type : new String[] {"entra", "okta", "jumpcloud", "oidc"}) {
            for (String protocol : new String[] {"oidc", "saml"}) {
                SetupChoice choice = SetupChoice.of(type, protocol);
                assertEquals(choice, SetupChoice.stored(choice.value()));
            }
        }
        assertNull(SetupChoice.stored(null));
        assertNull(SetupChoice.stored("saml:nope"));
        assertNull(SetupChoice.stored("nope"));
        assertNull(SetupChoice.of("nope", "saml"));
    }

    @Test
    @DisplayName("Given a metadata refusal, then the setup page explains it; a bad metadata URL reads as a bad address")
    void metadataErrorsExplained() {
        assertEquals("metadata_no_signing_certificate", SetupErrors.known("metadata_no_signing_certificate"));
        assertEquals("metadata_other_idp", SetupErrors.known("metadata_other_idp"));
        assertEquals("url_invalid", SetupErrors.known("metadataUrl_invalid"));
        assertEquals("other", SetupErrors.known("alias_invalid"));
    }
}
