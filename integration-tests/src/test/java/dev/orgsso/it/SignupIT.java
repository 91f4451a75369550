package dev.orgsso.it;

import static dev.orgsso.it.SignupSteps.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.testkit.MailCatcher;
import dev.orgsso.testkit.OrgSsoStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** First sign-up from an organisation's IdP: the emailed code, its limits, and duplicate emails. */
class SignupIT {

    private final OrgSsoStack stack = TestStack.get();
    private final AdminApi admin = new AdminApi(stack.keycloak().baseUrl());
    private final String acmeIdp = stack.keycloak().baseUrl() + "/realms/acme-idp/";

    @AfterEach
    void cleanUp() {
        admin.deleteUsersByEmail("helpdesk", ALICE);
    }

    private Browser startAsAlice(String name) {
        Browser b = new Browser("SignupIT-" + name);
        b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
        SignupSteps.signInAtAcmeIdp(b, acmeIdp);
        b.find(By.id("orgsso-code-form"));
        return b;
    }

    private int mails() {
        return stack.mail().messagesTo(ALICE).size();
    }

    @Test
    void theCodeMailIsThemedAndTheRightCodeCreatesAVerifiedMemberThenReturningUsersJustSignIn() throws Exception {
        int before = mails();
        try (Browser b = startAsAlice("code-happy-path")) {
            var message = stack.mail().awaitMessageTo(ALICE, before + 1, java.time.Duration.ofSeconds(30));
            assertTrue(message.getSubject().contains("sign-up code"), message.getSubject());
            assertTrue(MailCatcher.raw(message).contains("text/html"), "an HTML part");
            assertTrue(MailCatcher.textOf(message).contains("valid for 10 minutes"), MailCatcher.textOf(message));
            assertEquals(0, admin.usersByEmail("helpdesk", ALICE).size(), "no account before the code");
            assertEquals("one-time-code", b.find(By.id("code")).getAttribute("autocomplete"));
            b.screenshot("confirm-your-email");
            SignupSteps.confirmWithCode(b, stack.mail(), ALICE, before + 1);
            b.find(By.id("claims"));
            JsonNode user = admin.usersByEmail("helpdesk", ALICE).get(0);
            assertTrue(user.get("emailVerified").asBoolean());

            // The email is locked: alice's own attempt through the account API is refused, nothing changes.
            String accessToken = b.driver().findElement(By.id("access-token")).getAttribute("textContent");
            String change = AdminApi.JSON.writeValueAsString(Map.of("username", ALICE, "email", "alice@elsewhere.test",
                    "firstName", "Alice", "lastName", "Anderson"));
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(stack.keycloak().baseUrl() + "/realms/helpdesk/account/"))
                    .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(change)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("read-only") || r.body().contains("readOnly") || r.body().contains("read_only"), r.body());
            assertEquals(ALICE, admin.usersByEmail("helpdesk", ALICE).get(0).get("email").asText(), "email unchanged");
        }
        // Returning user: linked already, no code, no new mail.
        int after = mails();
        try (Browser b = new Browser("SignupIT-returning")) {
            b.open(stack.app().loginUrl("portal") + "?kc_org=acme");
            SignupSteps.signInAtAcmeIdp(b, acmeIdp);
            b.find(By.id("claims"));
            assertEquals(after, mails(), "no code for a returning user");
        }
    }

    @Test
    void wrongCodesCountDownAndTooManyRestartTheSignUp() throws Exception {
        try (Browser b = startAsAlice("wrong-codes")) {
            int firstLogins = admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_FIRST_LOGIN&max=1000").size();
            int wrongCodes = codeErrors("code_wrong");
            for (int left = 4; left >= 1; left--) {
                b.type(By.id("code"), "000000".equals(SignupSteps.code(stack.mail(), ALICE, mails())) ? "111111" : "000000");
                b.click(By.id("orgsso-code-submit"));
                String error = b.find(By.id("input-error-code")).getText();
                assertTrue(error.contains(left == 1 ? "1 try left" : left + " tries left"), error);
            }
            b.screenshot("wrong-code");
            assertEquals(firstLogins, admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_FIRST_LOGIN&max=1000").size(),
                    "a wrong code is no successful first login");
            assertEquals(wrongCodes + 4, codeErrors("code_wrong"), "one code_wrong event per wrong code");
            b.type(By.id("code"), "999999".equals(SignupSteps.code(stack.mail(), ALICE, mails())) ? "888888" : "999999");
            b.click(By.id("orgsso-code-submit"));
            b.find(By.id("kc-page-title"));
            assertTrue(b.pageSource().contains("Too many wrong codes"), b.pageSource());
            b.screenshot("too-many-tries");
            assertEquals(0, admin.usersByEmail("helpdesk", ALICE).size(), "nothing created");
        }
    }

    @Test
    void anAddressGetsFewCodeMailsAnHourAndFewWrongGuessesADayAcrossSignUps() throws Exception {
        Customer customer = onboard("budget");
        String alias = customer.alias();
        JsonNode config = signupCodeConfig();
        Map<String, String> kept = new java.util.HashMap<>();
        for (String key : List.of("orgsso.code.mailsPerHour", "orgsso.code.wrongGuessesPerDay", "orgsso.code.resendCooldownSeconds")) {
            kept.put(key, config.at("/config/" + key.replace("/", "~1")).asText("60"));
        }
        setConfig(config, Map.of("orgsso.code.mailsPerHour", "2", "orgsso.code.wrongGuessesPerDay", "3", "orgsso.code.resendCooldownSeconds", "1"));
        String flooded = "max-" + alias + "@" + alias + ".test";
        String guessed = "gus-" + alias + "@" + alias + ".test";
        try {
            customer.issuer().signIn(Map.of("sub", "s-" + flooded, "email", flooded, "given_name", "Max", "family_name", "Mail"));
            try (Browser b = new Browser("SignupIT-code-budget-mails")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias);
                b.find(By.id("orgsso-code-form"));
                for (int resend = 0; resend < 2; resend++) {
                    Thread.sleep(1200);
                    b.click(By.id("orgsso-code-resend"));
                }
                b.find(By.id("kc-page-title"));
                assertTrue(b.pageSource().contains("Please try again later"), b.pageSource());
                b.screenshot("too-many-code-mails");
            }
            assertEquals(2, stack.mail().messagesTo(flooded).size(), "two code mails, then none");
            try (Browser b = new Browser("SignupIT-code-budget-restart")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias);
                b.find(By.id("kc-page-title"));
                assertTrue(b.pageSource().contains("Please try again later"), "a new sign-up gets no new budget: " + b.pageSource());
            }
            assertEquals(2, stack.mail().messagesTo(flooded).size());

            customer.issuer().signIn(Map.of("sub", "s-" + guessed, "email", guessed, "given_name", "Gus", "family_name", "Guess"));
            String code;
            try (Browser b = new Browser("SignupIT-code-budget-guesses")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias);
                b.find(By.id("orgsso-code-form"));
                code = SignupSteps.code(stack.mail(), guessed, 1);
                String wrong = "000000".equals(code) ? "111111" : "000000";
                for (int i = 0; i < 3; i++) {
                    b.type(By.id("code"), wrong);
                    b.click(By.id("orgsso-code-submit"));
                    b.find(By.id("input-error-code"));
                }
                b.type(By.id("code"), code);
                b.click(By.id("orgsso-code-submit"));
                b.find(By.id("kc-page-title"));
                assertTrue(b.pageSource().contains("Please try again later"), "after the day's wrong guesses even the right code is not checked: "
                        + b.pageSource());
            }
            assertEquals(0, admin.usersByEmail("helpdesk", guessed).size(), "nothing created");
            assertTrue(codeErrors("code_rate_limited") >= 3, "a code_rate_limited event each time");
        } finally {
            setConfig(config, kept);
            admin.deleteUsersByEmail("helpdesk", flooded);
            admin.deleteUsersByEmail("helpdesk", guessed);
            admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + customer.orgId(), null);
        }
    }

    private record Customer(String alias, dev.orgsso.testkit.FakeIdentityProviders.Issuer issuer, String orgId) {
    }

    /** A new OIDC customer onboarded through the onboarding API (domain alias + ".test"), signing in at a loopback issuer. */
    private Customer onboard(String prefix) throws Exception {
        String alias = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        dev.orgsso.testkit.FakeIdentityProviders.Issuer issuer = TestStack.idps()
                .issuer(dev.orgsso.testkit.FakeIdentityProviders.Shape.OIDC, "/" + alias).client("customer-app", "customer-secret");
        String orgId = new OnboardingApi(stack.keycloak().baseUrl()).call("PUT", "/realms/helpdesk/orgsso/admin/organizations/" + alias + "/sso",
                Map.of("type", "oidc", "issuer", issuer.url(), "clientId", "customer-app", "clientSecret", "customer-secret",
                        "organization", Map.of("name", alias, "domains", List.of(alias + ".test")))).get("organizationId").asText();
        return new Customer(alias, issuer, orgId);
    }

    @Test
    void anIdpThatSendsNoNamesSignsTheUserUpWithoutAProfileForm() throws Exception {
        Customer customer = onboard("nameless");
        String alias = customer.alias();
        String email = "anon-" + alias + "@" + alias + ".test";
        try {
            customer.issuer().signIn(Map.of("sub", "s-" + email, "email", email));
            try (Browser b = new Browser("SignupIT-no-names")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias);
                SignupSteps.confirmWithCode(b, stack.mail(), email, 1);
                JsonNode claims = AdminApi.JSON.readTree(b.find(By.id("claims")).getText());
                assertEquals(email, claims.get("email").asText());
                b.screenshot("signed-in-without-names");
            }
        } finally {
            admin.deleteUsersByEmail("helpdesk", email);
            admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + customer.orgId(), null);
        }
    }

    private int codeErrors(String error) {
        int n = 0;
        for (JsonNode e : admin.get("/admin/realms/helpdesk/events?type=VERIFY_EMAIL_ERROR&max=1000")) {
            n += error.equals(e.path("error").asText()) ? 1 : 0;
        }
        return n;
    }

    @Test
    void resendHasACooldownAndReplacesTheOldCode() throws Exception {
        JsonNode config = signupCodeConfig();
        setConfig(config, Map.of("orgsso.code.resendCooldownSeconds", "60"));
        Thread.sleep(1500);
        try (Browser b = startAsAlice("resend")) {
            resendAndRestart(b, config);
        } finally {
            setConfig(config, Map.of("orgsso.code.resendCooldownSeconds", "1"));
        }
    }

    private void resendAndRestart(Browser b, JsonNode config) throws Exception {
        int first = mails();
        String oldCode = SignupSteps.code(stack.mail(), ALICE, first);
        b.click(By.id("orgsso-code-resend"));
        b.find(By.id("orgsso-code-form"));
        assertTrue(b.pageSource().contains("seconds before asking for a new code"), b.pageSource());
        assertTrue(b.driver().findElements(By.id("input-error-code")).isEmpty(), "the wait is information, not an error on the field");
        assertEquals(first, mails(), "no mail during the cooldown");
        b.screenshot("resend-cooldown");
        // Starting the sign-up over does not skip the wait either.
        try (Browser again = new Browser("SignupIT-resend-restarted")) {
            again.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
            SignupSteps.signInAtAcmeIdp(again, acmeIdp);
            again.find(By.id("orgsso-code-form"));
            assertTrue(again.pageSource().contains("seconds before asking for a new code"), again.pageSource());
            assertEquals(first, mails(), "no mail for a restarted sign-up during the cooldown");
        }

        setConfig(config, Map.of("orgsso.code.resendCooldownSeconds", "1"));
        Thread.sleep(1500);
        b.click(By.id("orgsso-code-resend"));
        b.find(By.id("orgsso-code-form"));
        assertTrue(b.pageSource().contains("A new code is on its way"));
        String newCode = SignupSteps.code(stack.mail(), ALICE, first + 1);
        assertNotEquals(oldCode, newCode);
        b.type(By.id("code"), oldCode);
        b.click(By.id("orgsso-code-submit"));
        assertTrue(b.find(By.id("input-error-code")).getText().contains("not right"), "the old code no longer works");
        b.type(By.id("code"), newCode);
        b.click(By.id("orgsso-code-submit"));
        b.find(By.id("claims"));
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        JsonNode config = signupCodeConfig();
        setConfig(config, Map.of("orgsso.code.validSeconds", "1"));
        try (Browser b = startAsAlice("expired")) {
            String code = SignupSteps.code(stack.mail(), ALICE, mails());
            Thread.sleep(2500);
            b.type(By.id("code"), code);
            b.click(By.id("orgsso-code-submit"));
            String error = b.find(By.id("input-error-code")).getText();
            assertTrue(error.contains("expired"), error);
            b.screenshot("expired");
            assertEquals(0, admin.usersByEmail("helpdesk", ALICE).size());
        } finally {
            setConfig(config, Map.of("orgsso.code.validSeconds", "600"));
        }
    }

    @Test
    void aTrustedIdpSkipsTheCode() throws Exception {
        JsonNode idp = acmeIdpRep();
        ((ObjectNode) idp).put("trustEmail", true);
        putIdp(idp);
        int before = mails();
        try (Browser b = new Browser("SignupIT-trusted")) {
            b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
            SignupSteps.signInAtAcmeIdp(b, acmeIdp);
            b.find(By.id("claims"));
            assertEquals(before, mails(), "no code mail");
            assertTrue(admin.usersByEmail("helpdesk", ALICE).get(0).get("emailVerified").asBoolean());
        } finally {
            ((ObjectNode) idp).put("trustEmail", false);
            putIdp(idp);
        }
    }

    @Test
    void anEmailAlreadyInUseIsRefusedAndTheExistingAccountIsUntouched() throws Exception {
        var created = admin.send("POST", "/admin/realms/helpdesk/users", Map.of("username", "alice-local", "email", ALICE,
                "firstName", "Local", "lastName", "Alice", "enabled", true, "emailVerified", false));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode before = admin.usersByEmail("helpdesk", ALICE).get(0);
        try (Browser b = new Browser("SignupIT-duplicate")) {
            b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
            SignupSteps.signInAtAcmeIdp(b, acmeIdp);
            b.find(By.id("kc-page-title"));
            assertTrue(b.pageSource().contains("already used by another account"), b.pageSource());
            b.screenshot("email-in-use");
        }
        List<JsonNode> after = List.of(admin.usersByEmail("helpdesk", ALICE).get(0));
        assertEquals(1, admin.usersByEmail("helpdesk", ALICE).size(), "still exactly one account");
        assertEquals(before.get("id").asText(), after.get(0).get("id").asText());
        assertEquals("alice-local", after.get(0).get("username").asText());
        assertFalse(after.get(0).get("emailVerified").asBoolean(), "not touched");
        assertEquals(0, admin.get("/admin/realms/helpdesk/users/" + before.get("id").asText() + "/federated-identity").size(), "not linked");
        JsonNode events = admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_FIRST_LOGIN_ERROR&max=50");
        boolean found = false;
        for (JsonNode e : events) {
            found |= "email_in_use".equals(e.path("error").asText());
        }
        assertTrue(found, "an event with the reason: " + events);
    }

    /** The email belongs to a member of another organisation, who came through that organisation's IdP. */
    @Test
    void anEmailOfAnotherOrganisationsIdpUserIsRefused() throws Exception {
        String alias = "globex-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var org = admin.send("POST", "/admin/realms/helpdesk/organizations", Map.of("name", alias, "alias", alias, "enabled", true,
                "domains", List.of(Map.of("name", alias + ".test", "verified", true))));
        assertEquals(201, org.statusCode(), org.body());
        String orgId = org.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        String idpAlias = "oidc-" + orgId;
        try {
            assertEquals(201, admin.send("POST", "/admin/realms/helpdesk/identity-provider/instances", Map.of("alias", idpAlias,
                    "providerId", "oidc", "enabled", true, "config", Map.of("clientId", "x", "clientSecret", "x",
                            "authorizationUrl", "https://idp.globex.test/auth", "tokenUrl", "https://idp.globex.test/token"))).statusCode());
            assertEquals(204, admin.send("POST", "/admin/realms/helpdesk/organizations/" + orgId + "/identity-providers", idpAlias).statusCode());
            assertEquals(201, admin.send("POST", "/admin/realms/helpdesk/users", Map.of("username", "alice-globex", "email", ALICE,
                    "firstName", "Globex", "lastName", "Alice", "enabled", true)).statusCode());
            String userId = admin.usersByEmail("helpdesk", ALICE).get(0).get("id").asText();
            assertEquals(204, admin.send("POST", "/admin/realms/helpdesk/users/" + userId + "/federated-identity/" + idpAlias,
                    Map.of("identityProvider", idpAlias, "userId", "globex-123", "userName", ALICE)).statusCode());
            assertEquals(201, admin.send("POST", "/admin/realms/helpdesk/organizations/" + orgId + "/members", userId).statusCode());

            try (Browser b = new Browser("SignupIT-other-org")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
                SignupSteps.signInAtAcmeIdp(b, acmeIdp);
                b.find(By.id("kc-page-title"));
                assertTrue(b.pageSource().contains("already used by another account"), b.pageSource());
                b.screenshot("other-org-email-refused");
            }
            JsonNode links = admin.get("/admin/realms/helpdesk/users/" + userId + "/federated-identity");
            assertEquals(1, links.size(), "still only linked to its own organisation's IdP");
            assertEquals(idpAlias, links.get(0).get("identityProvider").asText());
        } finally {
            admin.deleteUsersByEmail("helpdesk", ALICE);
            admin.send("DELETE", "/admin/realms/helpdesk/identity-provider/instances/" + idpAlias, null);
            admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + orgId, null);
        }
    }

    /**
     * Two sign-ins with the same email in flight at once (both passed the first check and wait at the
     * code page): the first to finish gets the account, the other a clean refusal, never a second
     * account or a link.
     */
    @Test
    void twoSignUpsRacingWithOneEmailEndWithOneAccountAndOneRefusal() throws Exception {
        int before = mails();
        try (Browser first = startAsAlice("race-first"); Browser second = startAsAlice("race-second")) {
            String firstCode = SignupSteps.code(stack.mail(), ALICE, before + 1);
            String secondCode = SignupSteps.code(stack.mail(), ALICE, before + 2);
            first.type(By.id("code"), firstCode);
            second.type(By.id("code"), secondCode);
            first.click(By.id("orgsso-code-submit"));
            first.find(By.id("claims"));
            second.click(By.id("orgsso-code-submit"));
            second.find(By.id("kc-page-title"));
            assertTrue(second.pageSource().contains("already used by another account"), second.pageSource());
            second.screenshot("race-refused");
        }
        assertEquals(1, admin.usersByEmail("helpdesk", ALICE).size(), "exactly one account");
    }

    /** Both confirm at the same moment: the database's unique constraint decides, the loser gets the same page. */
    @Test
    void twoSignUpsConfirmingAtTheSameMomentEndWithOneAccountAndOneRefusal() throws Exception {
        int before = mails();
        try (Browser first = startAsAlice("simultaneous-first"); Browser second = startAsAlice("simultaneous-second")) {
            first.type(By.id("code"), SignupSteps.code(stack.mail(), ALICE, before + 1));
            second.type(By.id("code"), SignupSteps.code(stack.mail(), ALICE, before + 2));
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<Boolean>> signedIn = new java.util.ArrayList<>();
            for (Browser b : List.of(first, second)) {
                signedIn.add(pool.submit(() -> {
                    go.await();
                    b.click(By.id("orgsso-code-submit"));
                    b.find(By.tagName("h1"));
                    return b.has(By.id("claims"));
                }));
            }
            go.countDown();
            int accounts = 0;
            for (var f : signedIn) {
                accounts += f.get() ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, accounts, "exactly one sign-in completes");
            Browser loser = first.has(By.id("claims")) ? second : first;
            assertTrue(loser.pageSource().contains("already used by another account"), loser.pageSource());
            loser.screenshot("simultaneous-refused");
        }
        assertEquals(1, admin.usersByEmail("helpdesk", ALICE).size(), "exactly one account");
    }

    private JsonNode acmeIdpRep() {
        String alias = "oidc-" + admin.organization("helpdesk", "acme").get("id").asText();
        return admin.get("/admin/realms/helpdesk/identity-provider/instances/" + alias);
    }

    private void putIdp(JsonNode idp) {
        // The masked clientSecret ("**********") tells Keycloak to keep the stored one.
        var r = admin.send("PUT", "/admin/realms/helpdesk/identity-provider/instances/" + idp.get("alias").asText(), idp);
        assertEquals(204, r.statusCode(), r.body());
    }

    private JsonNode signupCodeConfig() {
        return TestStack.codeConfig(admin);
    }

    private void setConfig(JsonNode config, Map<String, String> values) {
        values.forEach(((ObjectNode) config.get("config"))::put);
        var r = admin.send("PUT", "/admin/realms/helpdesk/authentication/config/" + config.get("id").asText(), config);
        assertEquals(204, r.statusCode(), r.body());
    }
}
