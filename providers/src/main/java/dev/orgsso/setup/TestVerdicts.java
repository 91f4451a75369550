package dev.orgsso.setup;

import dev.orgsso.core.IdpType;
import dev.orgsso.core.TestSignIn;
import dev.orgsso.core.VerifiedDomains;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pack's verdict on what an IdP sent in a test sign-in, claim by claim, in the IT admin's words (each
 * verdict is a message key of the theme with its parameters). A {@link Level#FAIL} means users could not
 * sign in: activation waits until a test passes. Pure: the observation and the organisation's verified
 * domains in, verdicts out.
 */
final class TestVerdicts {

    enum Level { OK, WARN, FAIL }

    record Verdict(String claim, String value, Level level, String message, List<String> params) {
    }

    record Result(List<Verdict> verdicts, String error) {
        boolean passed() {
            return error == null && verdicts.stream().noneMatch(v -> v.level() == Level.FAIL);
        }
    }

    private TestVerdicts() {
    }

    static Result of(IdpType type, Map<String, String> observed, Set<String> verifiedDomains) {
        String error = observed.get(TestSignIn.OBSERVED_ERROR);
        if (error != null) {
            return new Result(List.of(), error);
        }
        String vendor = type.name().toLowerCase(java.util.Locale.ROOT);
        List<Verdict> verdicts = new ArrayList<>();
        String email = claim(observed, "email");
        if (email == null) {
            verdicts.add(new Verdict("email", null, Level.FAIL, "orgssoVerdictEmailMissing." + vendor, List.of()));
        } else {
            verdicts.add(new Verdict("email", email, Level.OK, "orgssoVerdictEmail", List.of(email)));
            String domain = VerifiedDomains.domainOf(email);
            if (!verifiedDomains.contains(domain)) {
                verdicts.add(new Verdict("email", domain, Level.WARN, "orgssoVerdictDomainNotVerified", List.of(domain)));
            }
        }
        boolean trusted = "true".equals(observed.get(TestSignIn.OBSERVED_EMAIL_TRUSTED));
        if (type == IdpType.ENTRA) {
            String edov = claim(observed, "xms_edov");
            verdicts.add(new Verdict("xms_edov", edov, trusted ? Level.OK : Level.WARN,
                    trusted ? "orgssoVerdictEntraEmailTrusted" : edov == null ? "orgssoVerdictEntraEdovMissing" : "orgssoVerdictEntraEmailUnverified",
                    List.of()));
        } else if (email != null) {
            String verified = claim(observed, "email_verified");
            verdicts.add(new Verdict("email_verified", verified, trusted ? Level.OK : Level.WARN,
                    trusted ? "orgssoVerdictEmailVerified" : "orgssoVerdictEmailNotVerified", List.of()));
        }
        String given = claim(observed, "given_name");
        String family = claim(observed, "family_name");
        String name = claim(observed, "name");
        if (given != null && family != null) {
            verdicts.add(new Verdict("given_name family_name", given + " " + family, Level.OK, "orgssoVerdictNames", List.of()));
        } else if (name != null) {
            verdicts.add(new Verdict("name", name, Level.WARN, "orgssoVerdictNameOnly." + vendor, List.of()));
        } else {
            verdicts.add(new Verdict("given_name family_name", null, Level.WARN, "orgssoVerdictNamesMissing." + vendor, List.of()));
        }
        String sub = claim(observed, "sub");
        if (type == IdpType.ENTRA) {
            boolean stable = claim(observed, "oid") != null && claim(observed, "tid") != null;
            verdicts.add(new Verdict("oid", claim(observed, "oid"), stable ? Level.OK : Level.WARN,
                    stable ? "orgssoVerdictEntraObjectId" : "orgssoVerdictEntraObjectIdMissing", List.of()));
        } else {
            verdicts.add(new Verdict("sub", sub, sub == null ? Level.FAIL : Level.OK,
                    sub == null ? "orgssoVerdictSubjectMissing" : "orgssoVerdictSubject", List.of()));
        }
        return new Result(List.copyOf(verdicts), null);
    }

    private static String claim(Map<String, String> observed, String name) {
        String v = observed.get(TestSignIn.CLAIM + name);
        return v == null || v.isBlank() ? null : v;
    }
}
