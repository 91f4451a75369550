package dev.orgsso.setup;

import java.util.List;
import java.util.Locale;

/**
 * The DNS proof that a customer's IT admin holds a domain: a TXT record {@code orgsso-verification=<token>}
 * at {@code _orgsso-challenge.<domain>}. A name of its own (RFC 8552 underscore label) rather than the
 * domain's apex: the apex's TXT set is shared with SPF and every other vendor's proof, often near the
 * 512-byte UDP answer, and an admin may only be allowed to add records below it. Public for the test kit's
 * DNS tests, which check proofs end to end.
 */
public final class DomainChallenge {

    static final String RECORD_LABEL = "_orgsso-challenge.";
    static final String VALUE_PREFIX = "orgsso-verification=";

    private DomainChallenge() {
    }

    /** Where the record goes, for the domain as the admin typed it (case and a final dot do not matter). */
    public static String recordName(String domain) {
        String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            throw new IllegalArgumentException("no domain");
        }
        return RECORD_LABEL + d;
    }

    /** The record's value the admin is asked to add. */
    public static String expectedValue(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token");
        }
        return VALUE_PREFIX + token.strip();
    }

    /**
     * Whether one of the TXT strings is the expected value, spaces around it forgiven (DNS consoles
     * and copy-paste add them). Tokens are public once published, so no constant-time compare. Without a
     * token nothing proves anything: a bare {@code orgsso-verification=} must not prove an empty token.
     */
    public static boolean proves(List<String> txt, String token) {
        if (txt == null || token == null || token.isBlank()) {
            return false;
        }
        String expected = expectedValue(token);
        return txt.stream().anyMatch(s -> s != null && s.trim().equals(expected));
    }
}
