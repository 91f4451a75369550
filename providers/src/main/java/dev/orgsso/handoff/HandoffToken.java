package dev.orgsso.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.EmailValidationUtil;

/**
 * Verifies a customer's HS256 handoff JWT. The algorithm is fixed here, never chosen by the token's
 * header; the signature is checked in constant time against every live secret of that organisation
 * (the HMAC key is the UTF-8 bytes of the secret as shown to the customer); then the claims.
 */
final class HandoffToken {

    static final int MAX_LENGTH = 8 * 1024;
    static final int JTI_MIN = 16;
    static final int JTI_MAX = 256;

    private HandoffToken() {
    }

    /**
     * @param secrets        the organisation's live secrets (one, or two during rotation)
     * @param nowSeconds     the clock
     * @param iatWindowSecs  how far {@code iat} may be from now, either way
     */
    static HandoffClaims verify(String token, List<String> secrets, long nowSeconds, long iatWindowSecs) throws HandoffRefused {
        if (token == null || token.isBlank()) {
            throw new HandoffRefused("malformed");
        }
        if (token.length() > MAX_LENGTH) {
            throw new HandoffRefused("token_too_large", 413);
        }
        if (token.chars().filter(c -> c == '.').count() != 2) {
            throw new HandoffRefused("malformed");
        }
        String alg = algorithm(token.trim());
        if (!"HS256".equals(alg)) {
            throw new HandoffRefused("alg_not_allowed");
        }
        JWSInput jws;
        JsonNode claims;
        try {
            jws = new JWSInput(token.trim());
            claims = jws.readJsonContent(JsonNode.class);
        } catch (JWSInputException | RuntimeException e) {
            throw new HandoffRefused("malformed");
        }
        if (claims == null || !claims.isObject()) {
            throw new HandoffRefused("malformed");
        }
        if (!signedByAnyOf(jws, secrets)) {
            throw new HandoffRefused("invalid_signature", 401);
        }

        JsonNode iat = claims.get("iat");
        if (iat == null || !iat.canConvertToLong() || !iat.isNumber()) {
            throw new HandoffRefused("iat_out_of_window");
        }
        if (Math.abs(nowSeconds - iat.asLong()) > iatWindowSecs) {
            throw new HandoffRefused("iat_out_of_window");
        }
        JsonNode exp = claims.get("exp");
        if (exp != null && (!exp.isNumber() || exp.asLong() <= nowSeconds)) {
            throw new HandoffRefused("token_expired");
        }
        String jti = text(claims, "jti");
        if (jti == null || jti.length() < JTI_MIN || jti.length() > JTI_MAX) {
            throw new HandoffRefused("jti_missing");
        }
        String email = text(claims, "email");
        if (email == null || email.isBlank()) {
            throw new HandoffRefused("email_missing");
        }
        email = email.strip().toLowerCase(Locale.ROOT);
        if (!EmailValidationUtil.isValidEmail(email)) {
            throw new HandoffRefused("email_missing");
        }
        String first = text(claims, "given_name");
        String last = text(claims, "family_name");
        String name = text(claims, "name");
        if (first == null && last == null && name != null) {
            int space = name.strip().lastIndexOf(' ');
            first = space < 0 ? name.strip() : name.strip().substring(0, space);
            last = space < 0 ? null : name.strip().substring(space + 1);
        }
        // A replayed jti must stay refused for as long as the token could be accepted at all.
        long acceptableUntil = Math.max(iat.asLong() + iatWindowSecs, exp == null ? 0 : exp.asLong());
        return new HandoffClaims(email, first, last, text(claims, "external_id"), jti, acceptableUntil);
    }

    /**
     * The header's alg, read from the raw header: Keycloak's JWSHeader maps it to an enum, which would
     * turn "hs256" or an unknown name into a parse failure instead of the refusal it is.
     */
    private static String algorithm(String token) throws HandoffRefused {
        int dot = token.indexOf('.');
        try {
            JsonNode header = JsonSerialization.mapper.readTree(Base64.getUrlDecoder().decode(dot < 0 ? token : token.substring(0, dot)));
            if (header == null || !header.isObject()) {
                throw new HandoffRefused("malformed");
            }
            return header.path("alg").isTextual() ? header.get("alg").asText() : null;
        } catch (IOException | RuntimeException e) {
            throw new HandoffRefused("malformed");
        }
    }

    private static boolean signedByAnyOf(JWSInput jws, List<String> secrets) {
        byte[] input = jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII);
        byte[] signature = jws.getSignature() == null ? new byte[0] : jws.getSignature();
        boolean match = false;
        for (String secret : secrets) {
            // No early exit: every live secret costs the same, whichever one matches.
            match |= MessageDigest.isEqual(hmacSha256(secret, input), signature);
        }
        return match;
    }

    static byte[] hmacSha256(String secret, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode claims, String name) {
        JsonNode n = claims.get(name);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
