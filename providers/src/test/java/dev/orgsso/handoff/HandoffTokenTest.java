package dev.orgsso.handoff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandoffTokenTest {

    private static final String SECRET = "s3cret-0123456789abcdef0123456789abcdef";
    private static final long NOW = 1_800_000_000L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String token(String header, String payload, String secret) {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encodeToString(HandoffToken.hmacSha256(secret, input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String payload(String extra) {
        return "{\"email\":\"Ann.Lee@Acme.TEST\",\"name\":\"Ann Marie Lee\",\"iat\":" + NOW + ",\"jti\":\"0123456789abcdef\"" + extra + "}";
    }

    private static String reason(String token, List<String> secrets) {
        return assertThrows(HandoffRefused.class, () -> HandoffToken.verify(token, secrets, NOW, 180)).reason();
    }

    @Test
    void acceptsAValidTokenWithEitherLiveSecret() throws HandoffRefused {
        String t = token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload(""), SECRET);
        HandoffClaims c = HandoffToken.verify(t, List.of("old-secret", SECRET), NOW + 10, 180);
        assertEquals("ann.lee@acme.test", c.email());
        assertEquals("Ann Marie", c.firstName());
        assertEquals("Lee", c.lastName());
        assertEquals(NOW + 180, c.acceptableUntil());
    }

    @Test
    void refusesEachAttack() {
        List<String> live = List.of(SECRET);
        assertEquals("alg_not_allowed", reason(token("{\"alg\":\"none\"}", payload(""), SECRET), live));
        assertEquals("alg_not_allowed", reason(token("{\"alg\":\"hs256\"}", payload(""), SECRET), live));
        assertEquals("alg_not_allowed", reason(token("{\"alg\":\"HS512\"}", payload(""), SECRET), live));
        assertEquals("invalid_signature", reason(token("{\"alg\":\"HS256\"}", payload(""), "other"), live));
        assertEquals("invalid_signature", reason(token("{\"alg\":\"HS256\"}", payload(""), SECRET), List.of()));
        assertEquals("iat_out_of_window", reason(token("{\"alg\":\"HS256\"}", payload("").replace(String.valueOf(NOW), String.valueOf(NOW - 181)), SECRET), live));
        assertEquals("token_expired", reason(token("{\"alg\":\"HS256\"}", payload(",\"exp\":" + NOW), SECRET), live));
        assertEquals("jti_invalid", reason(token("{\"alg\":\"HS256\"}", payload("").replace("0123456789abcdef", "short"), SECRET), live));
        assertEquals("email_missing", reason(token("{\"alg\":\"HS256\"}", payload("").replace("Ann.Lee@Acme.TEST", ""), SECRET), live));
        assertEquals("token_too_large", reason("a".repeat(8 * 1024 + 1), live));
        assertEquals("malformed", reason("a.b", live));
        assertEquals("malformed", reason("eyJhbGciOiJIUzI1NiJ9.e30", live));
        assertEquals("malformed", reason("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", live));
        assertEquals("malformed", reason(token("{\"alg\":\"HS256\"}", "[1,2]", SECRET), live));
    }

    private static final String HS256 = "{\"alg\":\"HS256\"}";

    private static String reason(String header, String payload) {
        return reason(token(header, payload, SECRET), List.of(SECRET));
    }

    private static HandoffClaims accepted(String header, String payload) throws HandoffRefused {
        return HandoffToken.verify(token(header, payload, SECRET), List.of(SECRET), NOW, 180);
    }

    /** The payload with one claim's JSON value (as written, quotes included) put in place of whatever it had. */
    private static String with(String claim, String json) {
        String base = "{\"email\":\"Ann.Lee@Acme.TEST\",\"name\":\"Ann Marie Lee\",\"iat\":" + NOW + ",\"jti\":\"0123456789abcdef\"}";
        String without = base.replaceAll(",?\"" + claim + "\":(\"[^\"]*\"|[0-9]+)", "").replace("{,", "{");
        return json == null ? without : without.replace("}", ",\"" + claim + "\":" + json + "}");
    }

    @Test
    @DisplayName("Given an exp far in the future, the jti is kept only for as long as iat lets the token in")
    void aHugeExpDoesNotStretchTheReplayWindow() throws HandoffRefused {
        for (String exp : List.of("10000000000000000", "1e16", "1E16", String.valueOf(1L << 62), String.valueOf(Long.MAX_VALUE))) {
            HandoffClaims c = accepted(HS256, with("exp", exp));
            assertEquals(NOW + 180, c.acceptableUntil(), exp);
        }
        // A token of the site's future (iat at the edge of the window) is acceptable until iat + window, no later.
        HandoffClaims future = HandoffToken.verify(token(HS256, with("iat", String.valueOf(NOW + 180)), SECRET), List.of(SECRET), NOW, 180);
        assertEquals(NOW + 360, future.acceptableUntil());
        assertTrue(future.acceptableUntil() <= NOW + 2 * 180);
    }

    @Test
    @DisplayName("Given an iat window set absurdly wide, it counts as a day, so iat + window cannot wrap into the past")
    void anAbsurdWindowCannotWrap() throws HandoffRefused {
        String t = token(HS256, with("iat", String.valueOf(NOW + 1000)), SECRET);
        HandoffClaims c = HandoffToken.verify(t, List.of(SECRET), NOW, Long.MAX_VALUE);
        assertEquals(NOW + 1000 + HandoffToken.IAT_WINDOW_MAX, c.acceptableUntil());
        String old = token(HS256, with("iat", String.valueOf(NOW - HandoffToken.IAT_WINDOW_MAX - 1)), SECRET);
        assertEquals("iat_out_of_window", assertThrows(HandoffRefused.class,
                () -> HandoffToken.verify(old, List.of(SECRET), NOW, Long.MAX_VALUE)).reason());
    }

    @Test
    @DisplayName("Given an exp sooner than the iat window ends, the token stops being acceptable at exp")
    void anEarlyExpEndsAcceptanceEarly() throws HandoffRefused {
        assertEquals(NOW + 30, accepted(HS256, with("exp", String.valueOf(NOW + 30))).acceptableUntil());
        assertEquals(NOW + 1, accepted(HS256, with("exp", String.valueOf(NOW + 1))).acceptableUntil());
        assertEquals(NOW + 180, accepted(HS256, with("exp", null)).acceptableUntil());
    }

    @Test
    @DisplayName("Given an exp or iat that is no whole number of seconds a long can hold, the token is malformed")
    void fractionalOrOutOfRangeTimesAreMalformed() {
        for (String bad : List.of("1e19", "18446744073709551616", "9223372036854775808", "-9223372036854775809", "1.5",
                NOW + 60 + ".5", "1e400", "-1e19")) {
            assertEquals("malformed", reason(HS256, with("exp", bad)), "exp " + bad);
            assertEquals("malformed", reason(HS256, with("iat", bad)), "iat " + bad);
        }
        // A whole number written as a float is still a whole number of seconds.
        assertEquals("token_expired", reason(HS256, with("exp", NOW + ".0")));
        // What was refused before keeps its reason.
        assertEquals("iat_out_of_window", reason(HS256, with("iat", null)));
        assertEquals("iat_out_of_window", reason(HS256, with("iat", "\"" + NOW + "\"")));
        assertEquals("iat_out_of_window", reason(HS256, with("iat", String.valueOf(Long.MIN_VALUE))));
        assertEquals("iat_out_of_window", reason(HS256, with("iat", String.valueOf(Long.MAX_VALUE))));
        assertEquals("token_expired", reason(HS256, with("exp", "\"soon\"")));
        assertEquals("token_expired", reason(HS256, with("exp", "null")));
        assertEquals("token_expired", reason(HS256, with("exp", String.valueOf(Long.MIN_VALUE))));
    }

    @Test
    @DisplayName("Given a crit header, whatever it lists, the token is refused: we understand no extension (RFC 7515 4.1.11)")
    void critIsRefused() {
        assertEquals("malformed", reason("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", payload("")));
        assertEquals("malformed", reason("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}", payload("")));
        assertEquals("malformed", reason("{\"alg\":\"HS256\",\"crit\":[]}", payload("")));
        assertEquals("malformed", reason("{\"alg\":\"HS256\",\"crit\":null}", payload("")));
        assertEquals("alg_not_allowed", reason("{\"alg\":\"none\",\"crit\":[\"exp\"]}", payload("")));
    }

    @Test
    @DisplayName("Given kid, jku, x5u or jwk in the header, they are ignored: the key is the organisation's secret, never the token's say")
    void keyHintsInTheHeaderAreIgnored() throws HandoffRefused {
        assertEquals("ann.lee@acme.test", accepted("{\"alg\":\"HS256\",\"kid\":\"other-org\"}", payload("")).email());
        assertEquals("ann.lee@acme.test", accepted("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k1\",\"jku\":\"https://evil.test/jwks\","
                + "\"x5u\":\"https://evil.test/cert\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}", payload("")).email());
        String forged = token("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"" + B64.encodeToString("attacker".getBytes(StandardCharsets.UTF_8)) + "\"}}",
                payload(""), "attacker");
        assertEquals("invalid_signature", reason(forged, List.of(SECRET)));
    }

    @Test
    @DisplayName("Given a member name twice in the header or the claims, the token is malformed: parsers disagree on which one wins")
    void duplicateMembersAreMalformed() {
        assertEquals("malformed", reason("{\"alg\":\"none\",\"alg\":\"HS256\"}", payload("")));
        assertEquals("malformed", reason("{\"alg\":\"HS256\",\"alg\":\"none\"}", payload("")));
        assertEquals("malformed", reason("{\"alg\":\"HS256\",\"alg\":\"HS256\"}", payload("")));
        assertEquals("malformed", reason("{\"alg\":\"HS256\",\"jwk\":{\"k\":\"a\",\"k\":\"b\"}}", payload("")));
        assertEquals("malformed", reason(HS256, payload(",\"email\":\"mallory@evil.test\"")));
        assertEquals("malformed", reason(HS256, payload(",\"jti\":\"fedcba9876543210\"")));
        assertEquals("malformed", reason(HS256, payload(",\"iat\":" + NOW)));
        assertEquals("malformed", reason(HS256, payload(",\"extra\":{\"a\":1,\"a\":2}")));
    }

    @Test
    @DisplayName("Given text after the header or claims object, the token is malformed: a second object is no part of the JSON")
    void trailingJsonIsMalformed() {
        assertEquals("malformed", reason(HS256, payload("") + "{\"email\":\"mallory@evil.test\"}"));
        assertEquals("malformed", reason(HS256 + "{\"alg\":\"none\"}", payload("")));
    }

    @Test
    @DisplayName("Given a control character in a name or the external id, the token is malformed, not a failed account creation")
    void controlCharactersInNamesAreMalformed() {
        List<Executable> cases = new ArrayList<>();
        for (String claim : List.of("given_name", "family_name", "name", "external_id")) {
            for (String bad : List.of("\\u0000", "\\u0007", "\\n", "\\t", "\\u001b", "\\u007f", "\\u0085")) {
                cases.add(() -> assertEquals("malformed", reason(HS256, with(claim, "\"Ann" + bad + "Lee\"")), claim + " " + bad));
            }
        }
        assertAll(cases);
    }

    @Test
    @DisplayName("Given half of a surrogate pair in a name, the external id or the email, the token is malformed: no database keeps it as sent")
    void loneSurrogatesAreMalformed() {
        List<Executable> cases = new ArrayList<>();
        for (String claim : List.of("given_name", "family_name", "name", "external_id")) {
            for (String bad : List.of("\\ud800", "\\udfff")) {
                cases.add(() -> assertEquals("malformed", reason(HS256, with(claim, "\"Ann" + bad + "Lee\"")), claim + " " + bad));
            }
        }
        cases.add(() -> assertEquals("malformed", reason(HS256, with("email", "\"ann\\ud800@acme.test\""))));
        cases.add(() -> assertEquals("malformed", reason(HS256, with("email", "\"ann\\u0085@acme.test\""))));
        assertAll(cases);
    }

    @Test
    @DisplayName("Given a name part longer than the 255 characters a user's name column holds, the token is malformed")
    void overLongNamePartsAreMalformed() throws HandoffRefused {
        String long255 = "a".repeat(255);
        String long256 = "a".repeat(256);
        assertEquals("malformed", reason(HS256, with("given_name", "\"" + long256 + "\"")));
        assertEquals("malformed", reason(HS256, with("family_name", "\"" + long256 + "\"")));
        assertEquals("malformed", reason(HS256, with("name", "\"" + long256 + "\"")));
        assertEquals("malformed", reason(HS256, with("name", "\"Ann " + long256 + "\"")));
        assertEquals("malformed", reason(HS256, with("name", "\"" + long256 + " Lee\"")));
        HandoffClaims c = accepted(HS256, with("name", "\"" + long255 + " " + long255 + "\""));
        assertEquals(long255, c.firstName());
        assertEquals(long255, c.lastName());
        HandoffClaims parts = accepted(HS256, with("name", null).replace("}", ",\"given_name\":\"" + long255 + "\",\"family_name\":\"Lee\"}"));
        assertEquals(long255, parts.firstName());
        assertEquals("Lee", parts.lastName());
    }

    @Test
    @DisplayName("Given valid names, given_name/family_name are kept and a lone name is split at its last space")
    void validNamesAreKept() throws HandoffRefused {
        HandoffClaims split = accepted(HS256, with("name", "\"  Ann Marie Lee \""));
        assertEquals("Ann Marie", split.firstName());
        assertEquals("Lee", split.lastName());
        HandoffClaims single = accepted(HS256, with("name", "\"Cher\""));
        assertEquals("Cher", single.firstName());
        assertNull(single.lastName());
        HandoffClaims parts = accepted(HS256, with("name", "\"Ignored Name\"").replace("}", ",\"given_name\":\"Zoë\",\"family_name\":\"O'Brien-Ünal\",\"external_id\":\"acme-42\"}"));
        assertEquals("Zoë", parts.firstName());
        assertEquals("O'Brien-Ünal", parts.lastName());
        assertEquals("acme-42", parts.externalId());
        HandoffClaims none = accepted(HS256, with("name", null));
        assertNull(none.firstName());
        assertNull(none.lastName());
        assertNull(none.externalId());
    }

    @Test
    @DisplayName("Given an email longer than RFC 5321 allows (local part 64, domain 253, whole 254), the token is malformed")
    void overLongEmailsAreMalformed() throws HandoffRefused {
        String label63 = "d".repeat(63);
        String domain189 = label63 + "." + label63 + "." + "d".repeat(56) + ".test";
        String domain253 = label63 + "." + domain189;
        assertEquals(189, domain189.length());
        assertEquals(253, domain253.length());
        assertEquals("malformed", reason(HS256, with("email", "\"" + "a".repeat(65) + "@acme.test\"")), "local part 65");
        assertEquals("malformed", reason(HS256, with("email", "\"a@d" + domain253 + "\"")), "domain 254");
        assertEquals("malformed", reason(HS256, with("email", "\"a@" + domain253 + "\"")), "whole 255, domain 253");
        assertEquals("malformed", reason(HS256, with("email", "\"" + "a".repeat(64) + "@d" + domain189 + "\"")), "whole 255, local 64");
        String longest = "a".repeat(64) + "@" + domain189;
        assertEquals(254, longest.length());
        assertEquals(longest, accepted(HS256, with("email", "\"" + longest + "\"")).email());
        assertEquals("ab@" + domain253.substring(2), accepted(HS256, with("email", "\"AB@" + domain253.substring(2) + "\"")).email());
        // Not an address at all stays what it was.
        assertEquals("email_missing", reason(HS256, with("email", "\"not-an-address\"")));
    }

    @Test
    @DisplayName("Given a jti outside 16..256 characters, it is invalid; a missing or non-string jti is missing")
    void jtiLengthIsInvalidNotMissing() throws HandoffRefused {
        assertEquals("jti_invalid", reason(HS256, with("jti", "\"" + "j".repeat(15) + "\"")));
        assertEquals("jti_invalid", reason(HS256, with("jti", "\"\"")));
        assertEquals("jti_invalid", reason(HS256, with("jti", "\"" + "j".repeat(257) + "\"")));
        assertEquals("j".repeat(16), accepted(HS256, with("jti", "\"" + "j".repeat(16) + "\"")).jti());
        assertEquals("j".repeat(256), accepted(HS256, with("jti", "\"" + "j".repeat(256) + "\"")).jti());
        assertEquals("jti_missing", reason(HS256, with("jti", null)));
        assertEquals("jti_missing", reason(HS256, with("jti", "1234567890123456789")));
        assertEquals("jti_missing", reason(HS256, with("jti", "null")));
        assertEquals("jti_missing", reason(HS256, with("jti", "[\"0123456789abcdef\"]")));
    }

    /**
     * A bounded fuzz of the parse-and-verify path: mutated tokens never escape as anything but a refusal.
     * 20,000 cases by default; a longer run: {@code mvn -pl providers test -Dtest=HandoffTokenTest -Dorgsso.fuzz.iterations=5000000}.
     */
    @Test
    void garbageIsAlwaysARefusalNeverAnException() {
        Random random = new Random(Long.getLong("orgsso.fuzz.seed", 42));
        String valid = token("{\"alg\":\"HS256\"}", payload(""), SECRET);
        for (int i = 0, n = Integer.getInteger("orgsso.fuzz.iterations", 20_000); i < n; i++) {
            char[] t = valid.toCharArray();
            int edits = 1 + random.nextInt(6);
            for (int e = 0; e < edits; e++) {
                t[random.nextInt(t.length)] = (char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95));
            }
            String mutated = random.nextInt(10) == 0 ? new String(t, 0, random.nextInt(t.length)) : new String(t);
            try {
                HandoffToken.verify(mutated, List.of(SECRET), NOW, 180);
            } catch (HandoffRefused expected) {
                // any refusal is fine; anything else fails the test
            }
        }
    }
}
