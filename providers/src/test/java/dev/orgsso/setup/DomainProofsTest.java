package dev.orgsso.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DomainProofsTest {

    @Test
    @DisplayName("Given what an IT admin types, the domain is lowercase ASCII without a final dot; anything else is refused")
    void normalise() throws Exception {
        assertEquals("contoso.com", DomainProofs.normalise(" Contoso.COM. "));
        assertEquals("xn--bcher-kva.test", DomainProofs.normalise("bücher.test"));
        for (String bad : new String[] {"", "contoso", "-x.com", "a..b.com", "user@contoso.com", "http://contoso.com", "con toso.com",
                "x".repeat(64) + ".com", ("a".repeat(60) + ".").repeat(4) + "com", "1.2.3.4"}) {
            DomainProofs.Refused e = assertThrows(DomainProofs.Refused.class, () -> DomainProofs.normalise(bad), bad);
            assertEquals(DomainProofs.Problem.INVALID, e.problem());
        }
    }

    @Test
    @DisplayName("Given a public mail domain or one of its subdomains, it is public; a company domain is not")
    void publicMail() {
        assertTrue(PublicMailDomains.contains("gmail.com"));
        assertTrue(PublicMailDomains.contains("eu.gmx.net"));
        assertTrue(PublicMailDomains.contains("web.de"));
        assertFalse(PublicMailDomains.contains("contoso.com"));
        assertFalse(PublicMailDomains.contains("notgmail.com"));
    }
}
