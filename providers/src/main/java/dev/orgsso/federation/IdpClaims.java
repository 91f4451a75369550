package dev.orgsso.federation;

import dev.orgsso.core.IdpType;
import java.util.Locale;
import java.util.Map;

/**
 * The claims of a customer IdP's ID token, read the way each vendor means them.
 * <ul>
 * <li>email: only the {@code email} claim. Never {@code preferred_username} or {@code upn}: in Entra
 * those are sign-in names any tenant admin can set to someone else's address (the nOAuth attack).</li>
 * <li>email trusted: Entra never asserts {@code email_verified}; its {@code xms_edov} (email domain
 * owner verified) counts where present and true. Okta, JumpCloud and other OIDC IdPs: only
 * {@code email_verified} that is literally true.</li>
 * <li>names: {@code given_name}/{@code family_name}, else split from {@code name}.</li>
 * <li>stable subject: Entra's {@code sub} is pairwise per app registration, {@code oid} is the user's
 * id in the tenant ({@code tid}); elsewhere issuer + {@code sub}.</li>
 * </ul>
 */
record IdpClaims(String email, boolean emailTrusted, String givenName, String familyName, String subject, String linkId,
                 String tenantId) {

    static IdpClaims of(IdpType type, String issuer, String sub, Map<String, Object> claims) {
        String email = text(claims.get("email"));
        email = email == null ? null : email.toLowerCase(Locale.ROOT);
        String given = text(claims.get("given_name"));
        String family = text(claims.get("family_name"));
        String name = text(claims.get("name"));
        if (given == null && family == null && name != null) {
            // Entra sends only "name" until the optional claims are added; better than asking the user.
            int space = name.lastIndexOf(' ');
            given = space < 0 ? name : name.substring(0, space).strip();
            family = space < 0 ? null : name.substring(space + 1);
        }
        if (type == IdpType.ENTRA) {
            String tid = text(claims.get("tid"));
            String oid = text(claims.get("oid"));
            boolean trusted = email != null && isTrue(claims.get("xms_edov"));
            boolean stable = tid != null && oid != null;
            return new IdpClaims(email, trusted, given, family, stable ? "entra|" + tid + "|" + oid : issuer + "|" + sub,
                    stable ? oid : sub, tid);
        }
        boolean trusted = email != null && Boolean.TRUE.equals(claims.get("email_verified"));
        return new IdpClaims(email, trusted, given, family, issuer + "|" + sub, sub, null);
    }

    /** Entra sends xms_edov as a boolean; some tenants' tokens carry it as "1"/"true". */
    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value) || "1".equals(value)
                || (value instanceof Number n && n.intValue() == 1);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
