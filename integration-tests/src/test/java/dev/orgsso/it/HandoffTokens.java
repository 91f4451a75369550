package dev.orgsso.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs handoff JWTs the way a customer's server does (the README's Java example is this code):
 * HS256 over base64url(header).base64url(payload), key = the UTF-8 bytes of the shared secret.
 */
final class HandoffTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private HandoffTokens() {
    }

    static Map<String, Object> claims(String email) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("email", email);
        c.put("name", "Hannah Handoff");
        c.put("iat", System.currentTimeMillis() / 1000);
        c.put("jti", UUID.randomUUID().toString());
        return c;
    }

    static String sign(Map<String, Object> claims, String secret) {
        return sign(Map.of("alg", "HS256", "typ", "JWT"), claims, secret, "HmacSHA256");
    }

    static String sign(Map<String, Object> header, Map<String, Object> claims, String secret, String macAlgorithm) {
        try {
            String input = B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlgorithm));
            String token = input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            SecretLedger.secret(secret);
            SecretLedger.secret(token);
            return token;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String unsigned(Map<String, Object> header, Map<String, Object> claims) {
        try {
            String token = B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims)) + ".";
            SecretLedger.secret(token);
            return token;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
