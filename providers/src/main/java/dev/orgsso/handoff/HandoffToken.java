package dev.orgsso.handoff;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.orgsso.core.Reason;
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
    /** A day: more is no clock skew but a misconfiguration, and it bounds how long a used jti is kept. */
    static final long IAT_WINDOW_MAX = 24 * 60 * 60;
    /** Keycloak's USER_ENTITY first and last name columns. */
    static final int NAME_MAX = 255;
    /** RFC 5321 4.5.3.1: local part, domain, and the whole address (a 256-octet path less its brackets). */
    static final int EMAIL_LOCAL_MAX = 64;
    static final int EMAIL_DOMAIN_MAX = 253;
    static final int EMAIL_MAX = 254;

    /**
     * Keycloak's mapper settings, for this class only (the shared mapper stays as it is): a member named
     * twice or text after the object would let this parser read another token than the customer's signed;
     * floats stay exact so that 1800000000.5 is not taken for a whole second.
     */
    private static final ObjectReader STRICT_JSON = JsonSerialization.mapper.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private HandoffToken() {
    }

    /**
     * @param secrets        the organisation's live secrets (one, or two during rotation)
     * @param nowSeconds     the clock
     * @param iatWindowSecs  how far {@code iat} may be from now, either way (at most {@link #IAT_WINDOW_MAX})
     */
    static HandoffClaims verify(String token, List<String> secrets, long nowSeconds, long iatWindowSecs) throws HandoffRefused {
        if (token == null || token.isBlank()) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
        if (token.length() > MAX_LENGTH) {
            throw new HandoffRefused(Reason.TOKEN_TOO_LARGE, 413);
        }
        if (token.chars().filter(c -> c == '.').count() != 2) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
        JsonNode header = header(token.trim());
        if (!"HS256".equals(text(header, "alg"))) {
            throw new HandoffRefused(Reason.ALG_NOT_ALLOWED);
        }
        // RFC 7515 4.1.11: extensions named in crit must be understood or the token refused. We understand
        // none, and an empty or null crit is not allowed either.
        if (header.has("crit")) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
        JWSInput jws;
        JsonNode claims;
        try {
            jws = new JWSInput(token.trim());
            // The middle part as JWSInput base64url-decoded it, but read strictly: readJsonContent would let
            // the last of two "email" members win where the customer's parser may have signed the first.
            claims = STRICT_JSON.readTree(jws.getContent());
        } catch (JWSInputException | IOException | RuntimeException e) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
        if (claims == null || !claims.isObject()) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
        if (!signedByAnyOf(jws, secrets)) {
            throw new HandoffRefused(Reason.INVALID_SIGNATURE, 401);
        }

        JsonNode iatClaim = claims.get("iat");
        if (iatClaim == null || !iatClaim.isNumber()) {
            throw new HandoffRefused(Reason.IAT_OUT_OF_WINDOW);
        }
        long iat = wholeSeconds(iatClaim);
        // The window is an organisation setting with no upper bound of its own; unbounded, iat + window
        // could wrap to a past instant and the used jti be forgotten at once.
        long window = Math.min(Math.max(iatWindowSecs, 0), IAT_WINDOW_MAX);
        // Not |now - iat|: that subtraction wraps for an iat near Long.MIN_VALUE.
        if (iat < nowSeconds - window || iat > nowSeconds + window) {
            throw new HandoffRefused(Reason.IAT_OUT_OF_WINDOW);
        }
        // The iat window closes at iat + window whatever exp says, so a far exp (1e16, 2^62) cannot make the
        // caller keep the used jti for ever, nor overflow Keycloak's seconds-to-milliseconds lifespan.
        long acceptableUntil = iat + window;
        JsonNode expClaim = claims.get("exp");
        if (expClaim != null) {
            if (!expClaim.isNumber()) {
                throw new HandoffRefused(Reason.TOKEN_EXPIRED);
            }
            long exp = wholeSeconds(expClaim);
            if (exp <= nowSeconds) {
                throw new HandoffRefused(Reason.TOKEN_EXPIRED);
            }
            acceptableUntil = Math.min(acceptableUntil, exp);
        }
        String jti = text(claims, "jti");
        if (jti == null) {
            throw new HandoffRefused(Reason.JTI_MISSING);
        }
        if (jti.length() < JTI_MIN || jti.length() > JTI_MAX) {
            throw new HandoffRefused(Reason.JTI_INVALID);
        }
        String email = text(claims, "email");
        if (email == null || email.isBlank()) {
            throw new HandoffRefused(Reason.EMAIL_MISSING);
        }
        email = email.strip().toLowerCase(Locale.ROOT);
        requireStorableEmail(email);
        if (!EmailValidationUtil.isValidEmail(email)) {
            throw new HandoffRefused(Reason.EMAIL_MISSING);
        }
        // Keycloak's pattern lets U+0080..U+FFFF through, C1 controls and lone surrogates included.
        requireStorable(email, EMAIL_MAX);
        String first = text(claims, "given_name");
        String last = text(claims, "family_name");
        String name = text(claims, "name");
        String externalId = text(claims, "external_id");
        // Checked whether used or not, so the answer does not depend on which of them the token happens to
        // carry; name and external_id are only as long as the token (external_id goes to an attribute, which
        // keeps long values).
        requireStorable(first, NAME_MAX);
        requireStorable(last, NAME_MAX);
        requireStorable(name, Integer.MAX_VALUE);
        requireStorable(externalId, Integer.MAX_VALUE);
        if (first == null && last == null && name != null) {
            int space = name.strip().lastIndexOf(' ');
            first = space < 0 ? name.strip() : name.strip().substring(0, space);
            last = space < 0 ? null : name.strip().substring(space + 1);
            requireStorable(first, NAME_MAX);
            requireStorable(last, NAME_MAX);
        }
        return new HandoffClaims(email, first, last, externalId, jti, acceptableUntil);
    }

    /**
     * The raw header, for its alg: Keycloak's JWSHeader maps alg to an enum, which would turn "hs256" or an
     * unknown name into a parse failure instead of the refusal it is.
     */
    private static JsonNode header(String token) throws HandoffRefused {
        int dot = token.indexOf('.');
        try {
            JsonNode header = STRICT_JSON.readTree(Base64.getUrlDecoder().decode(dot < 0 ? token : token.substring(0, dot)));
            if (header == null || !header.isObject()) {
                throw new HandoffRefused(Reason.MALFORMED);
            }
            return header;
        } catch (IOException | RuntimeException e) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
    }

    /** A NumericDate as whole seconds: 1e19, 2^64 or 1.5 would otherwise wrap or round into another instant. */
    private static long wholeSeconds(JsonNode claim) throws HandoffRefused {
        try {
            return claim.decimalValue().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
    }

    /**
     * RFC 5321 4.5.3.1 limits, fixed here: Keycloak's check takes the local part's from a server option and
     * would answer email_missing, which tells the customer nothing about their 300-character address.
     */
    private static void requireStorableEmail(String email) throws HandoffRefused {
        int at = email.lastIndexOf('@');
        if (email.length() > EMAIL_MAX
                || at > EMAIL_LOCAL_MAX
                || (at >= 0 && email.length() - at - 1 > EMAIL_DOMAIN_MAX)) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
    }

    /**
     * What account creation can store as sent: PostgreSQL refuses NUL outright (a 500 at the user's first
     * handoff), a lone surrogate has no UTF-8 form and would come back as '?', and a name longer than the
     * user table's 255-character columns fails the insert. Length is in UTF-16 units, as SQL Server counts.
     */
    private static void requireStorable(String value, int maxLength) throws HandoffRefused {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new HandoffRefused(Reason.MALFORMED);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new HandoffRefused(Reason.MALFORMED);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new HandoffRefused(Reason.MALFORMED);
            }
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
