package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.ConfirmPage;
import dev.orgsso.it.pages.CustomerSitePage;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.it.pages.SignedOutPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openqa.selenium.By;

/** JWT handoff: the happy paths and every attack it must refuse, against the real Keycloak. */
class HandoffIT {

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final String endpoint = stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/jwt";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> emails = new ArrayList<>();
    private final List<String> orgsToDelete = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        emails.forEach(e -> admin.deleteUsersByEmail("helpdesk", e));
        orgsToDelete.forEach(id -> admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + id, null));
    }

    @Nested
    @DisplayName("Signing in by handoff")
    class SigningIn {

        @Test
        void validTokenCreatesTheMemberAndOpensASessionThenReturnsToTheMainApp() {
            String email = newEmail();
            HttpResponse<String> r = handoff(HandoffTokens.sign(HandoffTokens.claims(email), TestStack.DEMO_JWT_SECRET));
            assertEquals(303, r.statusCode(), r.body());
            assertEquals(stack.app().url() + "/main-app/login", r.headers().firstValue("Location").orElseThrow());
            assertTrue(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("KEYCLOAK_IDENTITY=")), "SSO cookie");

            JsonNode user = admin.usersByEmail("helpdesk", email).get(0);
            assertTrue(user.get("emailVerified").asBoolean());
            assertEquals("Hannah", user.get("firstName").asText());
            assertEquals("Handoff", user.get("lastName").asText());
            String acme = admin.organization("helpdesk", "acme").get("id").asText();
            assertEquals(1, admin.get("/admin/realms/helpdesk/organizations/" + acme + "/members?search=" + email).size(), "member of acme");
        }

        @Test
        void inABrowserTheHandoffLandsSignedInAtTheApp() throws Exception {
            String email = newEmail();
            Map<String, Object> claims = HandoffTokens.claims(email);
            claims.put("external_id", "acme-user-42");
            String token = HandoffTokens.sign(claims, TestStack.DEMO_JWT_SECRET);
            String returnTo = stack.app().loginUrl("portal");
            try (Browser b = new Browser("HandoffIT-browser")) {
                JsonNode idToken = b.open(endpoint + "/acme?jwt=" + token + "&return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8),
                        AppPage::new).claims();
                b.screenshot("signed-in-by-handoff");
                assertEquals(email, idToken.get("email").asText());
                assertEquals("portal", idToken.get("azp").asText());
                assertTrue(idToken.get("email_verified").asBoolean());
            }
            // The external id names the same person even when the customer's site changed their email.
            String changed = newEmail();
            Map<String, Object> again = HandoffTokens.claims(changed);
            again.put("external_id", "acme-user-42");
            assertEquals(303, handoff(HandoffTokens.sign(again, TestStack.DEMO_JWT_SECRET)).statusCode());
            assertEquals(0, admin.usersByEmail("helpdesk", changed).size(), "found by external id, not created again");
        }

        @Test
        void startingAtTheProductGoesToTheCustomersSiteAndComesBackSignedIn() throws Exception {
            Globex globex = globex(true, stack.app().url() + "/globex-site/login");
            String email = "g-" + UUID.randomUUID().toString().substring(0, 8) + "@" + globex.alias + ".test";
            emails.add(email);
            try (Browser b = new Browser("HandoffIT-product-initiated")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=" + globex.alias);
                b.find(By.tagName("h1"));
                assertTrue(b.url().startsWith(stack.app().url() + "/globex-site/login?return_to="), b.url());
                String returnTo = java.net.URLDecoder.decode(b.url().substring(b.url().indexOf("return_to=") + 10), StandardCharsets.UTF_8);
                // The customer's site signs its user in and sends them back with the token.
                String token = HandoffTokens.sign(HandoffTokens.claims(email), globex.secret);
                JsonNode idToken = b.open(endpoint + "/" + globex.alias + "?jwt=" + token + "&return_to="
                        + URLEncoder.encode(returnTo, StandardCharsets.UTF_8), AppPage::new).claims();
                b.screenshot("back-at-main-app");
                assertEquals(email, idToken.get("email").asText());
                assertEquals("main-app", idToken.get("azp").asText());
            }
        }

        @Test
        void theDemoCustomerSiteHandsItsUserOver() throws Exception {
            String email = newEmail();
            try (Browser b = new Browser("HandoffIT-demo-site")) {
                CustomerSitePage site = b.open(stack.app().url() + "/acme-site/login?email=" + email, CustomerSitePage::new);
                b.screenshot("acme-intranet");
                JsonNode idToken = site.continueToTheHelpDesk(AppPage::new).claims();
                assertEquals(email, idToken.get("email").asText());
                b.screenshot("signed-in-at-main-app");

                // Signing out ends the Keycloak session and lands on the organisation's logout URL.
                ConfirmPage question = b.open(endpoint + "/acme/logout", ConfirmPage::new);
                b.screenshot("sign-out-question");
                SignedOutPage out = question.yes(SignedOutPage::new);
                assertTrue(out.url().startsWith(stack.app().url() + "/acme-site/logged-out"), out.url());
                b.open(stack.app().loginUrl("main-app"), LoginPage::new).ssoLink();
                b.screenshot("signed-out-login-again");
            }
        }

        /** The README's two signing examples, run as a customer's developer would run them. */
        @Test
        void theReadmeExamplesSignTokensTheEndpointAccepts() throws Exception {
            java.nio.file.Path examples = TestStack.repoRoot().resolve("examples/handoff");
            String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String fromJava = run(List.of(javaBin, examples.resolve("SignHandoff.java").toString(), TestStack.DEMO_JWT_SECRET, newEmail(), "Jay Va", "ext-java"));
            assertEquals(303, handoff(fromJava).statusCode(), "token from the Java example");
            org.junit.jupiter.api.Assumptions.assumeTrue(run(List.of("sh", "-c", "command -v node || true")).length() > 0,
                    "node is not installed: the Node.js example is not run");
            String fromNode = run(List.of("node", examples.resolve("sign-handoff.mjs").toString(), TestStack.DEMO_JWT_SECRET, newEmail(), "No De"));
            assertEquals(303, handoff(fromNode).statusCode(), "token from the Node.js example");
        }

        @Test
        void concurrentFirstHandoffsOfOnePersonAllSignInAsTheOneAccount() throws Exception {
            for (int round = 0; round < 3; round++) {
                String email = newEmail();
                int n = 16;
                ExecutorService pool = Executors.newFixedThreadPool(n);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String token = HandoffTokens.sign(HandoffTokens.claims(email), TestStack.DEMO_JWT_SECRET);
                    answers.add(pool.submit(() -> {
                        go.await();
                        return handoff(token);
                    }));
                }
                go.countDown();
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get();
                    assertEquals(303, r.statusCode(), "every first handoff signs in: " + r.body());
                }
                pool.shutdown();
                assertEquals(1, admin.usersByEmail("helpdesk", email).size(), "one account");
            }
        }

        @Test
        void proProfsStyleParametersNeedTheRemoteLoginUrl() {
            JsonNode acme = admin.organization("helpdesk", "acme");
            String remote = stack.app().url() + "/acme-site/login";
            String token = HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET);
            assertRefused(post("", Map.of("token", token, "account_id", acme.get("id").asText(), "auth_url", "https://elsewhere.example/login")),
                    400, "auth_url_mismatch");
            HttpResponse<String> r = post("", Map.of("token", token, "account_id", acme.get("id").asText(), "auth_url", remote));
            assertEquals(303, r.statusCode(), r.body());
            assertRefused(post("", Map.of("token", HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET),
                    "account_id", "00000000-0000-0000-0000-000000000000", "auth_url", remote)), 404, "org_unknown");
        }
    }

    @Nested
    @DisplayName("Refused tokens")
    class Refusals {

        @TestFactory
        List<DynamicTest> everyAttackIsRefusedWithItsReasonAndNothingIsCreated() {
            String secret = TestStack.DEMO_JWT_SECRET;
            long now = System.currentTimeMillis() / 1000;
            Map<String, Function<String, String>> tokens = new LinkedHashMap<>();
            Map<String, String> expected = new HashMap<>();
            Map<String, Integer> statuses = new HashMap<>();
            Map<String, String> returnTo = new HashMap<>();
            java.util.function.BiConsumer<String, Object[]> add = (name, spec) -> {
                @SuppressWarnings("unchecked")
                Function<String, String> f = (Function<String, String>) spec[0];
                tokens.put(name, f);
                expected.put(name, (String) spec[1]);
                statuses.put(name, (Integer) spec[2]);
            };
            add.accept("alg none", new Object[] {(Function<String, String>) e -> HandoffTokens.unsigned(Map.of("alg", "none"), HandoffTokens.claims(e)), "alg_not_allowed", 400});
            add.accept("alg None", new Object[] {(Function<String, String>) e -> HandoffTokens.unsigned(Map.of("alg", "None"), HandoffTokens.claims(e)), "alg_not_allowed", 400});
            add.accept("HS512", new Object[] {(Function<String, String>) e -> HandoffTokens.sign(Map.of("alg", "HS512"), HandoffTokens.claims(e), secret, "HmacSHA512"), "alg_not_allowed", 400});
            add.accept("RS256 header, HMAC body", new Object[] {(Function<String, String>) e -> HandoffTokens.sign(Map.of("alg", "RS256"), HandoffTokens.claims(e), secret, "HmacSHA256"), "alg_not_allowed", 400});
            add.accept("kid pointing elsewhere", new Object[] {(Function<String, String>) e -> HandoffTokens.sign(Map.of("alg", "HS256", "kid", "../../../dev/null"), HandoffTokens.claims(e), "guess", "HmacSHA256"), "invalid_signature", 401});
            add.accept("bad signature", new Object[] {(Function<String, String>) e -> HandoffTokens.sign(HandoffTokens.claims(e), secret + "x"), "invalid_signature", 401});
            add.accept("signature stripped", new Object[] {(Function<String, String>) e -> HandoffTokens.unsigned(Map.of("alg", "HS256"), HandoffTokens.claims(e)), "invalid_signature", 401});
            add.accept("iat missing", new Object[] {(Function<String, String>) e -> sign(e, c -> c.remove("iat")), "iat_out_of_window", 400});
            add.accept("iat old", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("iat", now - 600)), "iat_out_of_window", 400});
            add.accept("iat future", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("iat", now + 600)), "iat_out_of_window", 400});
            add.accept("iat as string", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("iat", String.valueOf(now))), "iat_out_of_window", 400});
            add.accept("exp passed", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("exp", now - 5)), "token_expired", 400});
            add.accept("jti missing", new Object[] {(Function<String, String>) e -> sign(e, c -> c.remove("jti")), "jti_missing", 400});
            add.accept("jti too short", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("jti", "short")), "jti_invalid", 400});
            add.accept("jti too long", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("jti", "j".repeat(257))), "jti_invalid", 400});
            add.accept("crit header", new Object[] {(Function<String, String>) e -> HandoffTokens.sign(Map.of("alg", "HS256", "crit", List.of("exp")), HandoffTokens.claims(e), secret, "HmacSHA256"), "malformed", 400});
            add.accept("duplicate alg in the header", new Object[] {(Function<String, String>) e -> rawSigned("{\"alg\":\"none\",\"alg\":\"HS256\"}", HandoffTokens.claims(e), secret), "malformed", 400});
            add.accept("NUL in given_name", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("given_name", "Ann\u0000")), "malformed", 400});
            add.accept("300-character given_name", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("given_name", "a".repeat(300))), "malformed", 400});
            add.accept("64 + 250 character email", new Object[] {(Function<String, String>) e -> sign("l".repeat(64) + "@" + "d".repeat(246) + ".test", c -> { }), "malformed", 400});
            add.accept("email missing", new Object[] {(Function<String, String>) e -> sign(e, c -> c.remove("email")), "email_missing", 400});
            add.accept("email invalid", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("email", "not an email")), "email_missing", 400});
            add.accept("oversized", new Object[] {(Function<String, String>) e -> sign(e, c -> c.put("pad", "p".repeat(9000))), "token_too_large", 413});
            add.accept("malformed base64", new Object[] {(Function<String, String>) e -> "!!!.***.???", "malformed", 400});
            add.accept("malformed JSON", new Object[] {(Function<String, String>) e -> "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "malformed", 400});
            add.accept("two parts", new Object[] {(Function<String, String>) e -> "eyJhbGciOiJIUzI1NiJ9.e30", "malformed", 400});
            add.accept("empty", new Object[] {(Function<String, String>) e -> "", "malformed", 400});
            add.accept("agent (not a member) by email", new Object[] {(Function<String, String>) e -> sign("agent.smith@helpdesk.test", c -> { }), "audience_mismatch", 403});
            add.accept("agent, upper-case email", new Object[] {(Function<String, String>) e -> sign("AGENT.Smith@HelpDesk.test", c -> { }), "audience_mismatch", 403});
            for (String bad : List.of("https://evil.example/steal", "//evil.example/x", "javascript:alert(1)",
                    stack.app().url() + "@evil.example/main-app/x", "http://evil.example/" + stack.app().url() + "/main-app/",
                    "%2F%2Fevil.example", stack.app().url().replace("localhost", "localhost.evil.example") + "/main-app/x",
                    stack.app().url() + "/not-an-app/x", "data:text/html,hi",
                    // The allow-list's edges: another port of the same host, a path that climbs out of the app's, encoded or not.
                    otherPort(stack.app().url()) + "/main-app/x", stack.app().url() + "/main-app/../not-an-app/x",
                    stack.app().url() + "/main-app/%2e%2e/not-an-app/x", stack.app().url() + "/main-app/%252e%252e/not-an-app/x",
                    stack.app().url() + "\\@evil.example/main-app/")) {
                String name = "return_to " + bad;
                add.accept(name, new Object[] {(Function<String, String>) e -> sign(e, c -> { }), "return_to_not_allowed", 400});
                returnTo.put(name, bad);
            }

            List<DynamicTest> tests = new ArrayList<>();
            tokens.forEach((name, token) -> tests.add(DynamicTest.dynamicTest(name, () -> {
                String email = newEmail();
                Map<String, String> form = new HashMap<>();
                form.put("jwt", token.apply(email));
                if (returnTo.containsKey(name)) {
                    form.put("return_to", returnTo.get(name));
                }
                assertRefused(post("/acme", form), statuses.get(name), expected.get(name));
                assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "nothing created");
            })));
            tests.add(DynamicTest.dynamicTest("unknown organisation", () ->
                    assertRefused(post("/no-such-org", Map.of("jwt", sign(newEmail(), c -> { }))), 404, "org_unknown")));
            tests.add(DynamicTest.dynamicTest("another organisation's secret", () -> {
                Globex globex = globex(true);
                String email = newEmail();
                assertRefused(handoff(HandoffTokens.sign(HandoffTokens.claims(email), globex.secret)), 401, "invalid_signature");
                assertEquals(0, admin.usersByEmail("helpdesk", email).size());
            }));
            tests.add(DynamicTest.dynamicTest("handoff disabled", () -> {
                Globex globex = globex(false);
                assertRefused(post("/" + globex.alias, Map.of("jwt", HandoffTokens.sign(HandoffTokens.claims(newEmail()), globex.secret))),
                        403, "handoff_disabled");
            }));
            return tests;
        }

        @Test
        void aRefusalIsAThemedPageInABrowser() {
            try (Browser b = new Browser("HandoffIT-refused")) {
                RefusalPage refused = b.open(endpoint + "/acme?jwt=" + HandoffTokens.sign(HandoffTokens.claims(newEmail()), "not-the-secret"),
                        RefusalPage::new);
                assertTrue(refused.source().contains("invalid_signature"));
                b.screenshot("refused-invalid-signature");
            }
        }

        @Test
        void aRefusedHandoffLinksBackToTheOrganisationsOwnSignIn() {
            HttpResponse<String> r = handoff(HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET + "x"));
            assertRefused(r, 401, "invalid_signature");
            assertTrue(r.body().contains("id=\"orgsso-back\"") && r.body().contains("/acme-site/login"), r.body());
        }

        @Test
        void aHugeExpDoesNotShortenTheReplayWindow() throws Exception {
            for (long exp : new long[] {10_000_000_000_000_000L, Long.MAX_VALUE / 2}) {
                Map<String, Object> claims = HandoffTokens.claims(newEmail());
                claims.put("exp", exp);
                String token = HandoffTokens.sign(claims, TestStack.DEMO_JWT_SECRET);
                assertEquals(303, handoff(token).statusCode());
                Thread.sleep(2500);
                assertRefused(handoff(token), 409, "jti_replayed");
            }
        }

        @Test
        void aJtiIsAcceptedOnceEvenUnderConcurrentReplay() throws Exception {
            String token = HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET);
            int n = 12;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return handoff(token);
                }));
            }
            go.countDown();
            int ok = 0;
            int replayed = 0;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 303) {
                    ok++;
                } else {
                    assertRefused(r, 409, "jti_replayed");
                    replayed++;
                }
            }
            pool.shutdown();
            assertEquals(1, ok, "exactly one success");
            assertEquals(n - 1, replayed);
            assertRefused(handoff(token), 409, "jti_replayed");
        }
    }

    @Nested
    @DisplayName("A browser's own session")
    class BrowserSession {

        @Test
        void aBrowserSignedInAsSomeoneElseIsAskedBeforeItIsSwitched() throws Exception {
            LoopbackHttp browser = new LoopbackHttp();
            String alice = newEmail();
            String mallory = newEmail();
            assertEquals(303, browser.getOnce(endpoint + "/acme?jwt=" + HandoffTokens.sign(HandoffTokens.claims(alice), TestStack.DEMO_JWT_SECRET)).statusCode());

            // A cross-site page sends alice's browser a valid token for mallory: a question, not a switch.
            HttpResponse<String> asked = browser.getOnce(endpoint + "/acme?jwt=" + HandoffTokens.sign(HandoffTokens.claims(mallory), TestStack.DEMO_JWT_SECRET));
            assertEquals(200, asked.statusCode(), asked.body());
            assertTrue(asked.body().contains("You are signed in as " + alice), asked.body());
            assertTrue(asked.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("KEYCLOAK_IDENTITY=ey")), "no switch");
            assertEquals(0, admin.usersByEmail("helpdesk", mallory).size(), "nothing created before the answer");
            // Without the page's proof, a forged confirmation is asked again.
            HttpResponse<String> forged = post("/acme", Map.of("jwt", HandoffTokens.sign(HandoffTokens.claims(mallory), TestStack.DEMO_JWT_SECRET),
                    "confirm", "forged"));
            assertEquals(303, forged.statusCode(), "a browser without a session has nothing to switch: " + forged.body());
            HttpResponse<String> forgedInBrowser = browser.postOnce(endpoint + "/acme", Map.of("jwt",
                    HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET), "confirm", "forged"));
            assertEquals(200, forgedInBrowser.statusCode(), "a forged proof is asked again");

            // The user's own answer switches, with the very token that was asked about.
            HttpResponse<String> switched = answer(browser, asked.body());
            assertEquals(303, switched.statusCode(), switched.body());
            assertEquals(1, admin.usersByEmail("helpdesk", mallory).size());
            String aliceId = admin.usersByEmail("helpdesk", alice).get(0).get("id").asText();
            assertEquals(0, admin.get("/admin/realms/helpdesk/users/" + aliceId + "/sessions").size(), "alice's session ended");

            // The same user again: no question.
            assertEquals(303, browser.getOnce(endpoint + "/acme?jwt=" + HandoffTokens.sign(HandoffTokens.claims(mallory), TestStack.DEMO_JWT_SECRET)).statusCode());
        }

        @Test
        void signingOutAsksFirstAndOnlyTheBrowsersOwnAnswerEndsTheSession() throws Exception {
            LoopbackHttp browser = new LoopbackHttp();
            String user = newEmail();
            assertEquals(303, browser.getOnce(endpoint + "/acme?jwt=" + HandoffTokens.sign(HandoffTokens.claims(user), TestStack.DEMO_JWT_SECRET)).statusCode());
            String id = admin.usersByEmail("helpdesk", user).get(0).get("id").asText();

            HttpResponse<String> asked = browser.getOnce(endpoint + "/acme/logout");
            assertEquals(200, asked.statusCode(), asked.body());
            assertEquals(1, admin.get("/admin/realms/helpdesk/users/" + id + "/sessions").size(), "a GET ends nothing");
            HttpResponse<String> forged = browser.postOnce(endpoint + "/acme/logout", Map.of("confirm", "forged"));
            assertEquals(200, forged.statusCode(), "a POST without the page's proof is asked again");
            assertEquals(1, admin.get("/admin/realms/helpdesk/users/" + id + "/sessions").size());

            HttpResponse<String> out = answer(browser, asked.body());
            assertEquals(303, out.statusCode(), out.body());
            assertTrue(out.headers().firstValue("Location").orElseThrow().contains("/acme-site/logged-out"));
            assertEquals(0, admin.get("/admin/realms/helpdesk/users/" + id + "/sessions").size(), "signed out");

            HttpResponse<String> unknown = browser.getOnce(endpoint + "/no-such-org-" + UUID.randomUUID().toString().substring(0, 6) + "/logout");
            assertEquals(404, unknown.statusCode(), unknown.body());
        }
    }

    @Nested
    @DisplayName("Secrets and the admin API")
    class Secrets {

        @Test
        void rotationKeepsBothSecretsLiveUntilTheOldOneIsRetired() throws Exception {
            OnboardingApi api = new OnboardingApi(stack.keycloak().baseUrl());
            String path = "/realms/helpdesk/orgsso/admin/organizations/acme/handoff";
            JsonNode before = api.call("GET", path, null);
            String oldId = before.get("secrets").get(0).get("id").asText();
            JsonNode created = api.call("POST", path + "/secrets", null);
            String fresh = created.get("secret").asText();
            assertTrue(fresh.length() >= 43, "at least 256 bits");
            try {
                assertEquals(303, handoff(HandoffTokens.sign(HandoffTokens.claims(newEmail()), fresh)).statusCode(), "new secret live");
                assertEquals(303, handoff(HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET)).statusCode(), "old still live");
                assertEquals(409, api.status("POST", path + "/secrets"), "at most two live secrets");

                String listed = api.call("GET", path, null).toString();
                assertFalse(listed.contains(fresh) || listed.contains(TestStack.DEMO_JWT_SECRET), "never shown again: " + listed);
                String orgJson = admin.get("/admin/realms/helpdesk/organizations/" + admin.organization("helpdesk", "acme").get("id").asText()).toString();
                assertFalse(orgJson.contains(fresh) || orgJson.contains(TestStack.DEMO_JWT_SECRET), "not in clear in the admin API: " + orgJson);

                assertEquals(204, api.status("DELETE", path + "/secrets/" + oldId));
                assertRefused(handoff(HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET)), 401, "invalid_signature");
                assertEquals(303, handoff(HandoffTokens.sign(HandoffTokens.claims(newEmail()), fresh)).statusCode());
            } finally {
                // Put the demo secret back for the other tests: re-import it as the realm export does.
                String newId = created.get("id").asText();
                api.status("DELETE", path + "/secrets/" + newId);
                JsonNode org = admin.organization("helpdesk", "acme");
                com.fasterxml.jackson.databind.node.ObjectNode attrs = (com.fasterxml.jackson.databind.node.ObjectNode) org.get("attributes");
                attrs.putArray("orgsso.handoff.importedSecret").add(TestStack.DEMO_JWT_SECRET);
                assertEquals(204, admin.send("PUT", "/admin/realms/helpdesk/organizations/" + org.get("id").asText(), org).statusCode());
            }
        }

        @Test
        void theOnboardingApiNeedsManageRealm() throws Exception {
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl()
                    + "/realms/helpdesk/orgsso/admin/organizations/acme/handoff")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
        }
    }

    private String newEmail() {
        String e = "h-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        emails.add(e);
        return e;
    }

    private HttpResponse<String> post(String path, Map<String, String> form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(endpoint + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(form))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> handoff(String token) {
        return post("/acme", Map.of("jwt", token));
    }

    private static void assertRefused(HttpResponse<String> r, int status, String reason) {
        assertEquals(status, r.statusCode(), reason + ": " + r.body());
        assertTrue(r.body().contains(reason), "reason " + reason + " on the page:\n" + r.body());
        assertFalse(r.body().contains("Exception"), "no stack trace");
        assertTrue(r.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("KEYCLOAK_IDENTITY=ey")), "no session");
    }

    /** A token whose header is written by hand (e.g. with a member twice), signed like the customer's server signs. */
    private static String rawSigned(String headerJson, Map<String, Object> claims, String secret) {
        try {
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(AdminClient.JSON.writeValueAsBytes(claims));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String token = input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            SecretLedger.secret(token);
            return token;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hidden fields and action of the question page, posted back as the browser would. */
    private static HttpResponse<String> answer(LoopbackHttp browser, String page) throws Exception {
        String action = OrganisationForm.attr(page, "id=\"orgsso-confirm-form\"[^>]*action=\"([^\"]+)\"");
        Map<String, String> fields = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(page);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&#61;", "=").replace("&#x3D;", "="));
        }
        return browser.postOnce(action, fields);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), command + ": " + out);
        return out;
    }

    /** The same URL on the next port up. */
    private static String otherPort(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + ":" + (u.getPort() + 1);
    }

    private String sign(String email, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> c = HandoffTokens.claims(email);
        change.accept(c);
        return HandoffTokens.sign(c, TestStack.DEMO_JWT_SECRET);
    }

    private record Globex(String alias, String secret) {
    }

    /** A second organisation with handoff, to show one organisation's secret is useless for another. */
    private Globex globex(boolean enabled) throws Exception {
        return globex(enabled, null);
    }

    private Globex globex(boolean enabled, String remoteLoginUrl) throws Exception {
        String alias = "globex-" + UUID.randomUUID().toString().substring(0, 8);
        var r = admin.send("POST", "/admin/realms/helpdesk/organizations", Map.of("name", alias, "alias", alias, "enabled", true,
                "domains", List.of(Map.of("name", alias + ".test", "verified", true))));
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        orgsToDelete.add(location.substring(location.lastIndexOf('/') + 1));
        OnboardingApi api = new OnboardingApi(stack.keycloak().baseUrl());
        String path = "/realms/helpdesk/orgsso/admin/organizations/" + alias + "/handoff";
        Map<String, Object> settings = new HashMap<>();
        settings.put("enabled", enabled);
        settings.put("remoteLoginUrl", remoteLoginUrl);
        api.call("PUT", path, settings);
        return new Globex(alias, api.call("POST", path + "/secrets", null).get("secret").asText());
    }
}
