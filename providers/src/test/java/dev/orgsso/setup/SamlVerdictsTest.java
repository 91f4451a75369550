package dev.orgsso.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.core.SamlVendor;
import dev.orgsso.core.TestSignIn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SamlVerdictsTest {

    private static final String ENTRA_EMAIL = SamlVendor.ENTRA.emailAttribute();

    private static Map<String, String> observed(String nameIdFormat, String subject, String... attributes) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            o.put(TestSignIn.CLAIM + attributes[i], attributes[i + 1]);
        }
        o.put(TestSignIn.OBSERVED_NAME_ID, "n-1");
        o.put(TestSignIn.OBSERVED_NAME_ID_FORMAT, nameIdFormat);
        o.put(TestSignIn.OBSERVED_SUBJECT, subject);
        o.put(TestSignIn.OBSERVED_EMAIL_TRUSTED, "false");
        return o;
    }

    private static List<TestVerdicts.Verdict> about(TestVerdicts.Result r, String claim) {
        return r.verdicts().stream().filter(v -> v.claim().equals(claim)).toList();
    }

    @Test
    @DisplayName("Given Entra sent no emailaddress claim, then the SAML test fails and says to keep that claim")
    void entraWithoutEmail() {
        TestVerdicts.Result r = TestVerdicts.ofSaml(SamlVendor.ENTRA, observed(SamlVendor.PERSISTENT, "oid-1",
                SamlVendor.ENTRA.givenNameAttribute(), "Ada", SamlVendor.ENTRA.surnameAttribute(), "Tum"), Set.of());
        assertFalse(r.passed());
        assertEquals(TestVerdicts.Level.FAIL, about(r, ENTRA_EMAIL).get(0).level());
        assertEquals("orgssoVerdictSamlEmailMissing.entra", about(r, ENTRA_EMAIL).get(0).message());
        assertEquals("orgssoVerdictSamlPrincipal.entra", about(r, SamlVendor.ENTRA.principalAttribute()).get(0).message());
    }

    @Test
    @DisplayName("Given Entra sent email, names and object id, then the test passes, names the code step and the stable principal")
    void entraComplete() {
        TestVerdicts.Result r = TestVerdicts.ofSaml(SamlVendor.ENTRA, observed(SamlVendor.PERSISTENT, "oid-1", ENTRA_EMAIL, "ada@adatum.test",
                SamlVendor.ENTRA.givenNameAttribute(), "Ada", SamlVendor.ENTRA.surnameAttribute(), "Tum"), Set.of("adatum.test"));
        assertTrue(r.passed(), r.toString());
        assertEquals(List.of("orgssoVerdictEmail", "orgssoVerdictSamlEmailCode"), about(r, ENTRA_EMAIL).stream().map(TestVerdicts.Verdict::message).toList(),
                "no domain note: the domain is proved");
        assertEquals("Ada Tum", r.verdicts().stream().filter(v -> v.message().equals("orgssoVerdictNames")).findFirst().orElseThrow().value());
        assertEquals("oid-1", about(r, SamlVendor.ENTRA.principalAttribute()).get(0).value());
    }

    @Test
    @DisplayName("Given an email outside the proved domains, then a note says users cannot sign up until the domain is proved")
    void domainNotProved() {
        TestVerdicts.Result r = TestVerdicts.ofSaml(SamlVendor.OKTA, observed(SamlVendor.PERSISTENT, "n-1", "email", "pat@initech.test"), Set.of());
        assertTrue(r.passed());
        assertTrue(about(r, "email").stream().anyMatch(v -> v.level() == TestVerdicts.Level.WARN && v.message().equals("orgssoVerdictDomainNotVerified")));
        assertEquals(TestVerdicts.Level.WARN, about(r, "firstName lastName").get(0).level());
        assertEquals("orgssoVerdictSamlNamesMissing.okta", about(r, "firstName lastName").get(0).message());
    }

    @Test
    @DisplayName("Given Okta sent an email-format NameID, then the test fails: the principal would not be stable")
    void nameIdNotPersistent() {
        String emailFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
        TestVerdicts.Result r = TestVerdicts.ofSaml(SamlVendor.OKTA, observed(emailFormat, "pat@initech.test", "email", "pat@initech.test",
                "firstName", "Pat", "lastName", "Prose"), Set.of("initech.test"));
        assertFalse(r.passed());
        TestVerdicts.Verdict nameId = about(r, "NameID").get(0);
        assertEquals("orgssoVerdictSamlNameIdNotPersistent.okta", nameId.message());
        assertEquals(List.of(emailFormat), nameId.params());
    }

    @Test
    @DisplayName("Given a persistent NameID from another SAML IdP, then users are recognised by it")
    void persistentNameId() {
        TestVerdicts.Result r = TestVerdicts.ofSaml(SamlVendor.SAML, observed(SamlVendor.PERSISTENT, "n-1", "email", "a@b.test",
                "firstName", "A", "lastName", "B"), Set.of("b.test"));
        assertTrue(r.passed());
        assertEquals("orgssoVerdictSamlNameIdPersistent", about(r, "NameID").get(0).message());
    }

    @Test
    @DisplayName("Given the IdP answered with an error instead of an assertion, then the result is that error")
    void error() {
        TestVerdicts.Result r = TestVerdicts.ofSaml(SamlVendor.SAML, Map.of(TestSignIn.OBSERVED_ERROR, "no_assertion"), Set.of());
        assertFalse(r.passed());
        assertEquals("no_assertion", r.error());
    }
}
