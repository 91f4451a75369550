package dev.orgsso.core;

import java.util.regex.Pattern;

/**
 * What an organisation's alias may be: what the organisation page can match after it normalised what
 * was typed (NFKC, lowercase, trimmed). The onboarding API refuses any other alias, so no organisation
 * is made that its users could never find.
 */
public final class OrganisationAlias {

    public static final int MAX_LENGTH = 64;
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    public static final String RULE = "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most "
            + MAX_LENGTH + " characters.";

    private OrganisationAlias() {
    }

    public static boolean valid(String alias) {
        return alias != null && alias.length() <= MAX_LENGTH && PATTERN.matcher(alias).matches();
    }
}
