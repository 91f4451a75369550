package dev.orgsso.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
        assertEquals(NOW + 180, c.expiresAt());
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
        assertEquals("jti_missing", reason(token("{\"alg\":\"HS256\"}", payload("").replace("0123456789abcdef", "short"), SECRET), live));
        assertEquals("email_missing", reason(token("{\"alg\":\"HS256\"}", payload("").replace("Ann.Lee@Acme.TEST", ""), SECRET), live));
        assertEquals("token_too_large", reason("a".repeat(8 * 1024 + 1), live));
        assertEquals("malformed", reason("a.b", live));
        assertEquals("malformed", reason("eyJhbGciOiJIUzI1NiJ9.e30", live));
        assertEquals("malformed", reason("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", live));
        assertEquals("malformed", reason(token("{\"alg\":\"HS256\"}", "[1,2]", SECRET), live));
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
