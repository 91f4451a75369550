package dev.orgsso.signup;

import dev.orgsso.testing.Fake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.signup.SignupCode.Check;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.sessions.AuthenticationSessionModel;

class SignupCodeTest {

    private static final long NOW = 1_700_000_000L;
    private static final int VALID = 600;

    /** The authentication session's notes, the only state SignupCode keeps. */
    private final Map<String, String> notes = new HashMap<>();
    private final SignupCode code = new SignupCode(Fake.of(AuthenticationSessionModel.class, Map.of(
            "getAuthNote", a -> notes.get((String) a[0]),
            "setAuthNote", a -> notes.put((String) a[0], (String) a[1]),
            "removeAuthNote", a -> notes.remove((String) a[0]))));

    private static String other(String c) {
        return c.equals("000000") ? "111111" : "000000";
    }

    @Test
    @DisplayName("Given an issued code, it is six digits, and neither it nor anything that reveals it is kept in clear")
    void theCodeIsSixDigitsAndOnlyItsSaltedHashIsKept() {
        String c = code.issue(NOW, VALID);
        assertTrue(c.matches("\\d{6}"), c);
        assertTrue(code.issued());
        assertEquals(NOW, code.sentAt());
        assertFalse(notes.containsValue(c), "the code is not in the session: " + notes);
        notes.values().forEach(v -> assertFalse(v.contains(c), "no note contains the code: " + notes));
    }

    @Test
    @DisplayName("Given the right code, it signs up once and is used up: the same code again finds no code")
    void theRightCodeWorksOnceOnly() {
        String c = code.issue(NOW, VALID);
        assertEquals(Check.RIGHT, code.check(c, NOW + 1));
        assertEquals("true", notes.get(SignupCode.VERIFIED));
        assertFalse(code.issued(), "used up");
        assertEquals(Check.NONE, code.check(c, NOW + 2), "a reused code");
    }

    @Test
    @DisplayName("Given no code was issued, any code typed is NONE, never RIGHT")
    void nothingIssuedIsNothingRight() {
        assertEquals(Check.NONE, code.check("123456", NOW));
        assertEquals(Check.NONE, code.check("", NOW));
        assertEquals(Check.NONE, code.check(null, NOW));
    }

    @Test
    @DisplayName("Given wrong codes, each counts one failure and the right code still works after them")
    void wrongCodesCountFailures() {
        String c = code.issue(NOW, VALID);
        assertEquals(Check.WRONG, code.check(other(c), NOW));
        assertEquals(Check.WRONG, code.check(null, NOW));
        assertEquals(Check.WRONG, code.check("", NOW));
        assertEquals(3, code.failures());
        assertEquals(Check.RIGHT, code.check(c, NOW));
    }

    @Test
    @DisplayName("Given near misses (a digit more or less, a prefix, letters), they are wrong")
    void nearMissesAreWrong() {
        String c = code.issue(NOW, VALID);
        for (String typed : new String[] {c + "0", c.substring(0, 5), "0" + c, c.replace(c.charAt(0), 'a'), c + c, " " + c + "x"}) {
            assertEquals(Check.WRONG, code.check(typed, NOW), typed);
        }
        assertEquals(Check.RIGHT, code.check(c, NOW));
    }

    @Test
    @DisplayName("Given the code typed with spaces (as read from the mail in groups), it is right")
    void whitespaceIsIgnored() {
        String c = code.issue(NOW, VALID);
        assertEquals(Check.RIGHT, code.check(" " + c.substring(0, 3) + " " + c.substring(3) + "\t", NOW));
    }

    @Test
    @DisplayName("Given the validity has passed, even the right code is EXPIRED; up to the last second it is RIGHT")
    void expiry() {
        String c = code.issue(NOW, VALID);
        assertEquals(Check.EXPIRED, code.check(c, NOW + VALID + 1));
        assertTrue(code.issued(), "an expired code is not consumed by the check");
        assertEquals(0, code.failures(), "an expired code is no wrong guess");
        assertEquals(Check.RIGHT, code.check(c, NOW + VALID));
    }

    @Test
    @DisplayName("Given a new code was sent, the previous one no longer works")
    void reissueReplacesTheOldCode() {
        String first = code.issue(NOW, VALID);
        String salt = Map.copyOf(notes).toString();
        String second = code.issue(NOW + 60, VALID);
        assertEquals(NOW + 60, code.sentAt());
        assertNotEquals(salt, notes.toString(), "a fresh salt and hash");
        if (!first.equals(second)) {
            assertEquals(Check.WRONG, code.check(first, NOW + 61), "the old code");
        }
        assertEquals(Check.RIGHT, code.check(second, NOW + 61));
    }

    @Test
    @DisplayName("Given clear(), the code and its failures are forgotten")
    void clearForgetsEverything() {
        String c = code.issue(NOW, VALID);
        code.check(other(c), NOW);
        code.clear();
        assertFalse(code.issued());
        assertEquals(0, code.failures());
        assertEquals(Check.NONE, code.check(c, NOW));
    }
}
