package dev.orgsso.core;

import java.text.Normalizer;
import java.util.Locale;

/**
 * What the user typed as their organisation, normalised the way aliases are written: trimmed, NFKC
 * (full-width and compatibility characters fold to plain ones), lowercase. Aliases have no spaces.
 */
public record OrganisationName(String alias, Problem problem) {

    public static final int MAX_LENGTH = OrganisationAlias.MAX_LENGTH;

    public enum Problem {
        MISSING("orgssoOrgMissing"),
        HAS_SPACES("orgssoOrgHasSpaces"),
        TOO_LONG("orgssoOrgTooLong"),
        INVALID("orgssoOrgInvalid");

        public final String messageKey;

        Problem(String messageKey) {
            this.messageKey = messageKey;
        }
    }

    public static OrganisationName parse(String typed) {
        if (typed == null) {
            return new OrganisationName(null, Problem.MISSING);
        }
        // Bound the work before normalising: NFKC can expand a string, a typed name never needs this much.
        if (typed.length() > MAX_LENGTH * 4) {
            return new OrganisationName(null, Problem.TOO_LONG);
        }
        String s = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return new OrganisationName(null, Problem.MISSING);
        }
        if (s.length() > MAX_LENGTH) {
            return new OrganisationName(null, Problem.TOO_LONG);
        }
        if (s.chars().anyMatch(Character::isWhitespace)) {
            return new OrganisationName(null, Problem.HAS_SPACES);
        }
        if (!OrganisationAlias.PATTERN.matcher(s).matches()) {
            return new OrganisationName(null, Problem.INVALID);
        }
        return new OrganisationName(s, null);
    }

    public boolean valid() {
        return problem == null;
    }
}
