package dev.orgsso.setup;

import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlVendor;
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
        email(verdicts, "email", email, "orgssoVerdictEmailMissing." + vendor, verifiedDomains);
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

    /**
     * A SAML test: the vendor's email attribute (the only source of the email for the pack's SAML IdPs), its
     * names, and what names the user for good: the vendor's stable attribute (Entra's object id) or a
     * persistent NameID. SAML IdPs are never trusted for email: the first sign-in confirms it by code.
     */
    static Result ofSaml(SamlVendor vendor, Map<String, String> observed, Set<String> verifiedDomains) {
        String error = observed.get(TestSignIn.OBSERVED_ERROR);
        if (error != null) {
            return new Result(List.of(), error);
        }
        List<Verdict> verdicts = new ArrayList<>();
        String email = claim(observed, vendor.emailAttribute());
        email(verdicts, vendor.emailAttribute(), email, "orgssoVerdictSamlEmailMissing." + vendor.value(), verifiedDomains);
        if (email != null) {
            verdicts.add(new Verdict(vendor.emailAttribute(), email, Level.OK, "orgssoVerdictSamlEmailCode", List.of()));
        }
        String given = claim(observed, vendor.givenNameAttribute());
        String surname = claim(observed, vendor.surnameAttribute());
        String names = vendor.givenNameAttribute() + " " + vendor.surnameAttribute();
        verdicts.add(given != null && surname != null
                ? new Verdict(names, given + " " + surname, Level.OK, "orgssoVerdictNames", List.of())
                : new Verdict(names, given != null ? given : surname, Level.WARN, "orgssoVerdictSamlNamesMissing." + vendor.value(), List.of()));
        if (vendor.principalAttribute() != null) {
            // Keycloak refuses an assertion without the principal attribute before the test sees it.
            verdicts.add(new Verdict(vendor.principalAttribute(), observed.get(TestSignIn.OBSERVED_SUBJECT), Level.OK,
                    "orgssoVerdictSamlPrincipal." + vendor.value(), List.of()));
        } else {
            String format = observed.getOrDefault(TestSignIn.OBSERVED_NAME_ID_FORMAT, "");
            boolean persistent = SamlVendor.PERSISTENT.equals(format);
            verdicts.add(new Verdict("NameID", observed.get(TestSignIn.OBSERVED_NAME_ID), persistent ? Level.OK : Level.FAIL,
                    persistent ? "orgssoVerdictSamlNameIdPersistent" : "orgssoVerdictSamlNameIdNotPersistent." + vendor.value(),
                    List.of(format.isBlank() ? "-" : format)));
        }
        return new Result(List.copyOf(verdicts), null);
    }

    /** The email's verdict (missing: users cannot sign in), and a note when its domain is not proved yet. */
    private static void email(List<Verdict> verdicts, String claim, String email, String missing, Set<String> verifiedDomains) {
        if (email == null) {
            verdicts.add(new Verdict(claim, null, Level.FAIL, missing, List.of()));
            return;
        }
        verdicts.add(new Verdict(claim, email, Level.OK, "orgssoVerdictEmail", List.of(email)));
        String domain = VerifiedDomains.domainOf(email);
        if (!verifiedDomains.contains(domain)) {
            verdicts.add(new Verdict(claim, domain, Level.WARN, "orgssoVerdictDomainNotVerified", List.of(domain)));
        }
    }

    private static String claim(Map<String, String> observed, String name) {
        String v = observed.get(TestSignIn.CLAIM + name);
        return v == null || v.isBlank() ? null : v;
    }
}
