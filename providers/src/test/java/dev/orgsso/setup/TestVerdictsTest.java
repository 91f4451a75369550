package dev.orgsso.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.core.IdpType;
import dev.orgsso.core.TestSignIn;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestVerdictsTest {

    private static Map<String, String> observed(boolean trusted, String... claims) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < claims.length; i += 2) {
            o.put(TestSignIn.CLAIM + claims[i], claims[i + 1]);
        }
        o.put(TestSignIn.OBSERVED_EMAIL_TRUSTED, Boolean.toString(trusted));
        return o;
    }

    private static TestVerdicts.Verdict verdict(TestVerdicts.Result r, String claim) {
        return r.verdicts().stream().filter(v -> v.claim().equals(claim)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("Given Entra sent no email claim, then the test fails and says to add the optional claim")
    void entraWithoutEmail() {
        TestVerdicts.Result r = TestVerdicts.of(IdpType.ENTRA, observed(false, "oid", "o1", "tid", "t1", "name", "Ada Tum"), Set.of());
        assertFalse(r.passed());
        assertEquals(TestVerdicts.Level.FAIL, verdict(r, "email").level());
        assertEquals("orgssoVerdictEmailMissing.entra", verdict(r, "email").message());
        assertEquals(TestVerdicts.Level.WARN, verdict(r, "name").level(), "names split from name");
    }

    @Test
    @DisplayName("Given Entra sent an email it did not verify, then the test passes with a note that users confirm it by code")
    void entraUnverifiedEmail() {
        TestVerdicts.Result r = TestVerdicts.of(IdpType.ENTRA, observed(false, "email", "ada@adatum.test", "xms_edov", "false",
                "oid", "o1", "tid", "t1", "given_name", "Ada", "family_name", "Tum"), Set.of("adatum.test"));
        assertTrue(r.passed());
        assertEquals("orgssoVerdictEntraEmailUnverified", verdict(r, "xms_edov").message());
        assertEquals(TestVerdicts.Level.WARN, verdict(r, "xms_edov").level());
        assertEquals(TestVerdicts.Level.OK, verdict(r, "oid").level());
        assertEquals(TestVerdicts.Level.OK, verdict(r, "given_name family_name").level());
        assertEquals(1, r.verdicts().stream().filter(v -> v.claim().equals("email")).count(), "no domain note: the domain is proved");
    }

    @Test
    @DisplayName("Given Entra sent no xms_edov at all, then the note says to add it")
    void entraWithoutEdov() {
        TestVerdicts.Result r = TestVerdicts.of(IdpType.ENTRA, observed(false, "email", "a@x.test", "oid", "o", "tid", "t"), Set.of("x.test"));
        assertEquals("orgssoVerdictEntraEdovMissing", verdict(r, "xms_edov").message());
    }

    @Test
    @DisplayName("Given an email outside the proved domains, then a note says users cannot sign up until the domain is proved")
    void emailOutsideProvedDomains() {
        TestVerdicts.Result r = TestVerdicts.of(IdpType.OKTA, observed(true, "email", "pat@elsewhere.test", "sub", "p1",
                "email_verified", "true"), Set.of("proseware.test"));
        assertTrue(r.passed());
        assertTrue(r.verdicts().stream().anyMatch(v -> v.message().equals("orgssoVerdictDomainNotVerified") && v.params().contains("elsewhere.test")));
        assertEquals(TestVerdicts.Level.OK, verdict(r, "email_verified").level());
    }

    @Test
    @DisplayName("Given a plain OIDC IdP without a subject, then the test fails: users could not be recognised")
    void oidcWithoutSubject() {
        TestVerdicts.Result r = TestVerdicts.of(IdpType.OIDC, observed(false, "email", "a@b.test"), Set.of("b.test"));
        assertFalse(r.passed());
        assertEquals(TestVerdicts.Level.FAIL, verdict(r, "sub").level());
        assertEquals("orgssoVerdictEmailNotVerified", verdict(r, "email_verified").message());
        assertEquals("orgssoVerdictNamesMissing.oidc", verdict(r, "given_name family_name").message());
    }

    @Test
    @DisplayName("Given the IdP answered with an error, then the test fails with that error and no verdicts")
    void idpError() {
        TestVerdicts.Result r = TestVerdicts.of(IdpType.OKTA, Map.of(TestSignIn.OBSERVED_ERROR, "access_denied"), Set.of());
        assertFalse(r.passed());
        assertEquals("access_denied", r.error());
        assertTrue(r.verdicts().isEmpty());
    }
}
