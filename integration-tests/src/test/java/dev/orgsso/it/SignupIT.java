package dev.orgsso.it;

import static dev.orgsso.it.SignupSteps.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.FakeIdentityProviders;
import dev.orgsso.testkit.MailCatcher;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** First sign-up from an organisation's IdP: the emailed code, its limits, and duplicate emails. */
class SignupIT {

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final String acmeIdp = stack.keycloak().baseUrl() + "/realms/acme-idp/";

    @AfterEach
    void cleanUp() {
        admin.deleteUsersByEmail("helpdesk", ALICE);
    }

    /** Alice at main-app through acme's direct link and IdP, up to "Confirm your email". */
    private CodePage startAsAlice(Browser b) {
        b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
        return SignupSteps.signInAtAcmeIdp(b, acmeIdp, CodePage::new);
    }

    private int mails() {
        return stack.mail().messagesTo(ALICE).size();
    }

    @Nested
    @DisplayName("The emailed code")
    class EmailedCode {

        @Test
        void theCodeMailIsThemedAndTheRightCodeCreatesAVerifiedMemberThenReturningUsersJustSignIn() throws Exception {
            int before = mails();
            try (Browser b = new Browser("SignupIT-code-happy-path")) {
                CodePage page = startAsAlice(b);
                var message = stack.mail().awaitMessageTo(ALICE, before + 1, Duration.ofSeconds(30));
                assertTrue(message.getSubject().contains("sign-up code"), message.getSubject());
                assertTrue(MailCatcher.raw(message).contains("text/html"), "an HTML part");
                assertTrue(MailCatcher.textOf(message).contains("valid for 10 minutes"), MailCatcher.textOf(message));
                assertEquals(0, admin.usersByEmail("helpdesk", ALICE).size(), "no account before the code");
                assertEquals("one-time-code", page.codeField().getAttribute("autocomplete"));
                b.screenshot("confirm-your-email");
                AppPage app = SignupSteps.confirmWithCode(page, stack.mail(), ALICE, before + 1);
                JsonNode user = admin.usersByEmail("helpdesk", ALICE).get(0);
                assertTrue(user.get("emailVerified").asBoolean());

                // The email is locked: alice's own attempt through the account API is refused, nothing changes.
                String change = AdminClient.JSON.writeValueAsString(Map.of("username", ALICE, "email", "alice@elsewhere.test",
                        "firstName", "Alice", "lastName", "Anderson"));
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(stack.keycloak().baseUrl() + "/realms/helpdesk/account/"))
                        .header("Authorization", "Bearer " + app.accessToken()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(change)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(r.body().contains("read-only") || r.body().contains("readOnly") || r.body().contains("read_only"), r.body());
                assertEquals(ALICE, admin.usersByEmail("helpdesk", ALICE).get(0).get("email").asText(), "email unchanged");
            }
            // Returning user: linked already, no code, no new mail.
            int after = mails();
            try (Browser b = new Browser("SignupIT-returning")) {
                b.open(stack.app().loginUrl("portal") + "?kc_org=acme");
                SignupSteps.signInAtAcmeIdp(b, acmeIdp, AppPage::new);
                assertEquals(after, mails(), "no code for a returning user");
            }
        }

        @Test
        void wrongCodesCountDownAndTooManyRestartTheSignUp() throws Exception {
            try (Browser b = new Browser("SignupIT-wrong-codes")) {
                CodePage page = startAsAlice(b);
                int firstLogins = admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_FIRST_LOGIN&max=1000").size();
                int wrongCodes = codeErrors("code_wrong");
                for (int left = 4; left >= 1; left--) {
                    // Each step waits for the page it submitted to go before it reads the new page's message.
                    page = page.enterWrong(SignupSteps.wrongCode(stack.mail(), ALICE, mails()));
                    String error = page.error();
                    assertTrue(error.contains(left == 1 ? "1 try left" : left + " tries left"), error);
                }
                b.screenshot("wrong-code");
                assertEquals(firstLogins, admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_FIRST_LOGIN&max=1000").size(),
                        "a wrong code is no successful first login");
                assertEquals(wrongCodes + 4, codeErrors("code_wrong"), "one code_wrong event per wrong code");
                RefusalPage restarted = page.enter("999999".equals(SignupSteps.code(stack.mail(), ALICE, mails())) ? "888888" : "999999",
                        RefusalPage::new);
                assertTrue(restarted.source().contains("Too many wrong codes"), restarted.source());
                b.screenshot("too-many-tries");
                assertEquals(0, admin.usersByEmail("helpdesk", ALICE).size(), "nothing created");
            }
        }

        @Test
        void anAddressGetsFewCodeMailsAnHourAndFewWrongGuessesADayAcrossSignUps() throws Exception {
            Customer customer = onboard("budget");
            String alias = customer.alias();
            JsonNode config = signupCodeConfig();
            Map<String, String> kept = new HashMap<>();
            for (String key : List.of("orgsso.code.mailsPerHour", "orgsso.code.wrongGuessesPerDay", "orgsso.code.resendCooldownSeconds")) {
                kept.put(key, config.at("/config/" + key.replace("/", "~1")).asText("60"));
            }
            setConfig(config, Map.of("orgsso.code.mailsPerHour", "2", "orgsso.code.wrongGuessesPerDay", "3", "orgsso.code.resendCooldownSeconds", "1"));
            String flooded = "max-" + alias + "@" + alias + ".test";
            String guessed = "gus-" + alias + "@" + alias + ".test";
            try {
                customer.issuer().signIn(Map.of("sub", "s-" + flooded, "email", flooded, "given_name", "Max", "family_name", "Mail"));
                try (Browser b = new Browser("SignupIT-code-budget-mails")) {
                    CodePage page = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, CodePage::new);
                    Thread.sleep(1200);
                    page = page.resend();
                    Thread.sleep(1200);
                    RefusalPage refused = page.resend(RefusalPage::new);
                    assertTrue(refused.source().contains("Please try again later"), refused.source());
                    b.screenshot("too-many-code-mails");
                }
                assertEquals(2, stack.mail().messagesTo(flooded).size(), "two code mails, then none");
                try (Browser b = new Browser("SignupIT-code-budget-restart")) {
                    RefusalPage refused = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, RefusalPage::new);
                    assertTrue(refused.source().contains("Please try again later"), "a new sign-up gets no new budget: " + refused.source());
                }
                assertEquals(2, stack.mail().messagesTo(flooded).size());

                customer.issuer().signIn(Map.of("sub", "s-" + guessed, "email", guessed, "given_name", "Gus", "family_name", "Guess"));
                try (Browser b = new Browser("SignupIT-code-budget-guesses")) {
                    CodePage page = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, CodePage::new);
                    String code = SignupSteps.code(stack.mail(), guessed, 1);
                    String wrong = "000000".equals(code) ? "111111" : "000000";
                    for (int i = 0; i < 3; i++) {
                        page = page.enterWrong(wrong);
                    }
                    RefusalPage refused = page.enter(code, RefusalPage::new);
                    assertTrue(refused.source().contains("Please try again later"), "after the day's wrong guesses even the right code is not checked: "
                            + refused.source());
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

        @Test
        void anIdpThatSendsNoNamesSignsTheUserUpWithoutAProfileForm() throws Exception {
            Customer customer = onboard("nameless");
            String alias = customer.alias();
            String email = "anon-" + alias + "@" + alias + ".test";
            try {
                customer.issuer().signIn(Map.of("sub", "s-" + email, "email", email));
                try (Browser b = new Browser("SignupIT-no-names")) {
                    CodePage page = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, CodePage::new);
                    JsonNode claims = SignupSteps.confirmWithCode(page, stack.mail(), email, 1).claims();
                    assertEquals(email, claims.get("email").asText());
                    b.screenshot("signed-in-without-names");
                }
            } finally {
                admin.deleteUsersByEmail("helpdesk", email);
                admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + customer.orgId(), null);
            }
        }

        @Test
        void resendHasACooldownAndReplacesTheOldCode() throws Exception {
            JsonNode config = signupCodeConfig();
            setConfig(config, Map.of("orgsso.code.resendCooldownSeconds", "60"));
            Thread.sleep(1500);
            try (Browser b = new Browser("SignupIT-resend")) {
                resendAndRestart(b, startAsAlice(b), config);
            } finally {
                setConfig(config, Map.of("orgsso.code.resendCooldownSeconds", "1"));
            }
        }

        private void resendAndRestart(Browser b, CodePage page, JsonNode config) throws Exception {
            int first = mails();
            String oldCode = SignupSteps.code(stack.mail(), ALICE, first);
            page = page.resend();
            assertTrue(page.source().contains("seconds before asking for a new code"), page.source());
            assertFalse(page.hasError(), "the wait is information, not an error on the field");
            assertEquals(first, mails(), "no mail during the cooldown");
            b.screenshot("resend-cooldown");
            // Starting the sign-up over does not skip the wait either.
            try (Browser again = new Browser("SignupIT-resend-restarted")) {
                CodePage restarted = startAsAlice(again);
                assertTrue(restarted.source().contains("seconds before asking for a new code"), restarted.source());
                assertEquals(first, mails(), "no mail for a restarted sign-up during the cooldown");
            }

            setConfig(config, Map.of("orgsso.code.resendCooldownSeconds", "1"));
            Thread.sleep(1500);
            page = page.resend();
            assertTrue(page.source().contains("A new code is on its way"));
            String newCode = SignupSteps.code(stack.mail(), ALICE, first + 1);
            assertNotEquals(oldCode, newCode);
            page = page.enterWrong(oldCode);
            assertTrue(page.error().contains("not right"), "the old code no longer works");
            page.enter(newCode, AppPage::new);
        }

        @Test
        void anExpiredCodeIsRefused() throws Exception {
            JsonNode config = signupCodeConfig();
            setConfig(config, Map.of("orgsso.code.validSeconds", "1"));
            try (Browser b = new Browser("SignupIT-expired")) {
                CodePage page = startAsAlice(b);
                String code = SignupSteps.code(stack.mail(), ALICE, mails());
                Thread.sleep(2500);
                String error = page.enterWrong(code).error();
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
                SignupSteps.signInAtAcmeIdp(b, acmeIdp, AppPage::new);
                assertEquals(before, mails(), "no code mail");
                assertTrue(admin.usersByEmail("helpdesk", ALICE).get(0).get("emailVerified").asBoolean());
            } finally {
                ((ObjectNode) idp).put("trustEmail", false);
                putIdp(idp);
            }
        }
    }

    @Nested
    @DisplayName("An email that another account holds")
    class DuplicateEmail {

        @Test
        void anEmailAlreadyInUseIsRefusedAndTheExistingAccountIsUntouched() throws Exception {
            var created = admin.send("POST", "/admin/realms/helpdesk/users", Map.of("username", "alice-local", "email", ALICE,
                    "firstName", "Local", "lastName", "Alice", "enabled", true, "emailVerified", false));
            assertEquals(201, created.statusCode(), created.body());
            JsonNode before = admin.usersByEmail("helpdesk", ALICE).get(0);
            try (Browser b = new Browser("SignupIT-duplicate")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
                RefusalPage refused = SignupSteps.signInAtAcmeIdp(b, acmeIdp, RefusalPage::new);
                assertTrue(refused.source().contains("already used by another account"), refused.source());
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
            String alias = "globex-" + UUID.randomUUID().toString().substring(0, 8);
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
                    RefusalPage refused = SignupSteps.signInAtAcmeIdp(b, acmeIdp, RefusalPage::new);
                    assertTrue(refused.source().contains("already used by another account"), refused.source());
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
            try (Browser first = new Browser("SignupIT-race-first"); Browser second = new Browser("SignupIT-race-second")) {
                CodePage firstPage = startAsAlice(first);
                CodePage secondPage = startAsAlice(second);
                String firstCode = SignupSteps.code(stack.mail(), ALICE, before + 1);
                String secondCode = SignupSteps.code(stack.mail(), ALICE, before + 2);
                firstPage.type(firstCode);
                secondPage.type(secondCode);
                firstPage.submit(AppPage::new);
                RefusalPage refused = secondPage.submit(RefusalPage::new);
                assertTrue(refused.source().contains("already used by another account"), refused.source());
                second.screenshot("race-refused");
            }
            assertEquals(1, admin.usersByEmail("helpdesk", ALICE).size(), "exactly one account");
        }

        /** Both confirm at the same moment: the database's unique constraint decides, the loser gets the same page. */
        @Test
        void twoSignUpsConfirmingAtTheSameMomentEndWithOneAccountAndOneRefusal() throws Exception {
            int before = mails();
            try (Browser first = new Browser("SignupIT-simultaneous-first"); Browser second = new Browser("SignupIT-simultaneous-second")) {
                CodePage firstPage = startAsAlice(first);
                CodePage secondPage = startAsAlice(second);
                firstPage.type(SignupSteps.code(stack.mail(), ALICE, before + 1));
                secondPage.type(SignupSteps.code(stack.mail(), ALICE, before + 2));
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<Future<Boolean>> signedIn = new ArrayList<>();
                for (CodePage page : List.of(firstPage, secondPage)) {
                    signedIn.add(pool.submit(() -> {
                        go.await();
                        return page.submit(b -> {
                            b.find(By.tagName("h1"));
                            return b.has(By.id("claims"));
                        });
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
    }

    private record Customer(String alias, FakeIdentityProviders.Issuer issuer, String orgId) {
    }

    /** A new OIDC customer onboarded through the onboarding API (domain alias + ".test"), signing in at a loopback issuer. */
    private Customer onboard(String prefix) throws Exception {
        String alias = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        FakeIdentityProviders.Issuer issuer = TestStack.idps()
                .issuer(FakeIdentityProviders.Shape.OIDC, "/" + alias).client("customer-app", "customer-secret");
        String orgId = new OnboardingApi(stack.keycloak().baseUrl()).call("PUT", "/realms/helpdesk/orgsso/admin/organizations/" + alias + "/sso",
                Map.of("type", "oidc", "issuer", issuer.url(), "clientId", "customer-app", "clientSecret", "customer-secret",
                        "organization", Map.of("name", alias, "domains", List.of(alias + ".test")))).get("organizationId").asText();
        return new Customer(alias, issuer, orgId);
    }

    private int codeErrors(String error) {
        int n = 0;
        for (JsonNode e : admin.get("/admin/realms/helpdesk/events?type=VERIFY_EMAIL_ERROR&max=1000")) {
            n += error.equals(e.path("error").asText()) ? 1 : 0;
        }
        return n;
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
