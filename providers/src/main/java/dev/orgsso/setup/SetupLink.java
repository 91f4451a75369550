package dev.orgsso.setup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One setup link as it is stored: on its organisation, as the attribute {@code orgsso.setupLink.<id>}
 * (so it lives in the database, travels with the organisation and goes when it goes). The token itself
 * is never stored: only the SHA-256 of its secret part. Names and addresses are at most
 * {@link #MAX_TEXT} characters (see {@link #values()}).
 *
 * @param purpose   {@link Purpose#SETUP} (the whole connection) or {@link Purpose#RENEWAL} (its client secret only)
 * @param idpAlias  the connection the link made (setup) or may renew (renewal); null before one is saved
 * @param type      the IdP type the IT admin chose (setup), null before
 * @param testedAt  when a test sign-in last came back; {@code testPassed} whether it satisfied the pack
 */
record SetupLink(String id, Purpose purpose, String secretHash, long createdAt, long expiresAt, String contact,
                 String createdBy, Long revokedAt, Long usedAt, String idpAlias, String type, Long testedAt,
                 Boolean testPassed) {

    static final int MAX_TEXT = 200;

    enum Purpose { SETUP, RENEWAL }

    enum State { OPEN, EXPIRED, REVOKED, USED }

    State state(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        if (usedAt != null) {
            return State.USED;
        }
        return now.getEpochSecond() >= expiresAt ? State.EXPIRED : State.OPEN;
    }

    SetupLink withType(String newType) {
        return new SetupLink(id, purpose, secretHash, createdAt, expiresAt, contact, createdBy, revokedAt, usedAt, idpAlias,
                newType, null, null);
    }

    SetupLink withConnection(String alias) {
        // A changed connection must be tested again.
        return new SetupLink(id, purpose, secretHash, createdAt, expiresAt, contact, createdBy, revokedAt, usedAt, alias, type,
                null, null);
    }

    SetupLink tested(long at, boolean passed) {
        return new SetupLink(id, purpose, secretHash, createdAt, expiresAt, contact, createdBy, revokedAt, usedAt, idpAlias, type,
                at, passed);
    }

    SetupLink used(long at) {
        return new SetupLink(id, purpose, secretHash, createdAt, expiresAt, contact, createdBy, revokedAt, at, idpAlias, type,
                testedAt, testPassed);
    }

    SetupLink revoked(long at) {
        return new SetupLink(id, purpose, secretHash, createdAt, expiresAt, contact, createdBy, at, usedAt, idpAlias, type,
                testedAt, testPassed);
    }

    /**
     * As attribute values: one {@code name=value} per field. Keycloak keeps an organisation attribute's
     * values in rows of at most 255 characters, so a link is several values, not one JSON document.
     */
    List<String> values() {
        List<String> values = new ArrayList<>();
        put(values, "id", id);
        put(values, "purpose", purpose.name());
        put(values, "secretHash", secretHash);
        put(values, "createdAt", createdAt);
        put(values, "expiresAt", expiresAt);
        put(values, "contact", contact);
        put(values, "createdBy", createdBy);
        put(values, "revokedAt", revokedAt);
        put(values, "usedAt", usedAt);
        put(values, "idpAlias", idpAlias);
        put(values, "type", type);
        put(values, "testedAt", testedAt);
        put(values, "testPassed", testPassed);
        return values;
    }

    /** The link these values hold; null when they are not one (someone edited the attribute by hand). */
    static SetupLink of(List<String> values) {
        Map<String, String> f = new HashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq > 0) {
                f.put(v.substring(0, eq), v.substring(eq + 1));
            }
        }
        try {
            return new SetupLink(f.get("id"), Purpose.valueOf(f.get("purpose")), f.get("secretHash"), Long.parseLong(f.get("createdAt")),
                    Long.parseLong(f.get("expiresAt")), f.get("contact"), f.get("createdBy"), number(f.get("revokedAt")),
                    number(f.get("usedAt")), f.get("idpAlias"), f.get("type"), number(f.get("testedAt")),
                    f.get("testPassed") == null ? null : Boolean.valueOf(f.get("testPassed")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void put(List<String> values, String name, Object value) {
        if (value != null) {
            values.add(name + "=" + value);
        }
    }

    private static Long number(String value) {
        return value == null ? null : Long.valueOf(value);
    }
}
