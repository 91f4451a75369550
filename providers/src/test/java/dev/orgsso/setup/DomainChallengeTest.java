package dev.orgsso.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DomainChallengeTest {

    private static final String TOKEN = "Zm9vYmFyLXRva2VuLTEyMw";

    @Test
    @DisplayName("Given a domain, the record goes at _orgsso-challenge below it, whatever case or final dot the admin typed")
    void recordName() {
        assertEquals("_orgsso-challenge.acme.test", DomainChallenge.recordName("acme.test"));
        assertEquals("_orgsso-challenge.acme.test", DomainChallenge.recordName(" ACME.Test. "));
        assertThrows(IllegalArgumentException.class, () -> DomainChallenge.recordName(" "));
        assertThrows(IllegalArgumentException.class, () -> DomainChallenge.recordName(null));
    }

    @Test
    @DisplayName("Given a token, the admin is asked for orgsso-verification=<token>")
    void expectedValue() {
        assertEquals("orgsso-verification=" + TOKEN, DomainChallenge.expectedValue(TOKEN));
        assertThrows(IllegalArgumentException.class, () -> DomainChallenge.expectedValue(""));
    }

    @Test
    @DisplayName("Given the expected value among other TXT strings, with spaces around it, the domain is proven")
    void provenAmongOthers() {
        assertTrue(DomainChallenge.proves(List.of("v=spf1 -all", "  orgsso-verification=" + TOKEN + " "), TOKEN));
    }

    @Test
    @DisplayName("Given another token, a prefix of it, a longer one or a different case, the domain is not proven")
    void wrongValuesDoNotProve() {
        assertFalse(DomainChallenge.proves(List.of("orgsso-verification=someone-else"), TOKEN));
        assertFalse(DomainChallenge.proves(List.of("orgsso-verification=" + TOKEN.substring(0, 10)), TOKEN));
        assertFalse(DomainChallenge.proves(List.of("orgsso-verification=" + TOKEN + "x"), TOKEN));
        assertFalse(DomainChallenge.proves(List.of("orgsso-verification=" + TOKEN.toLowerCase()), TOKEN));
        assertFalse(DomainChallenge.proves(List.of("ORGSSO-VERIFICATION=" + TOKEN), TOKEN));
        assertFalse(DomainChallenge.proves(List.of(TOKEN), TOKEN), "the token alone is not the value asked for");
        assertFalse(DomainChallenge.proves(List.of("x orgsso-verification=" + TOKEN), TOKEN));
    }

    @Test
    @DisplayName("Given no token, not even a bare orgsso-verification= record proves anything")
    void noTokenProvesNothing() {
        List<String> bare = List.of("orgsso-verification=", "orgsso-verification= ");
        assertFalse(DomainChallenge.proves(bare, ""));
        assertFalse(DomainChallenge.proves(bare, "  "));
        assertFalse(DomainChallenge.proves(bare, null));
    }

    @Test
    @DisplayName("Given no TXT strings (no record, or null entries), the domain is not proven")
    void nothingProvesNothing() {
        assertFalse(DomainChallenge.proves(List.of(), TOKEN));
        assertFalse(DomainChallenge.proves(null, TOKEN));
        assertFalse(DomainChallenge.proves(Arrays.asList((String) null), TOKEN));
    }
}
