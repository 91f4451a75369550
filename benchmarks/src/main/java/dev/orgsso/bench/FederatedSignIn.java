package dev.orgsso.bench;

import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.SamlPostForm;
import dev.orgsso.testkit.MailCatcher;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks a browser through a federated sign-in the way a user does: the IdP's login form, and on a
 * first sign-up the emailed code. The code is read from the mail catcher between two requests, so
 * it does not count as waiting for the server.
 */
final class FederatedSignIn {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final MailCatcher mail;

    FederatedSignIn(MailCatcher mail) {
        this.mail = mail;
    }

    /** Answers each page until the browser reaches the app with a code; a SAML POST binding page is submitted as its script would. */
    LoopbackHttp.Stop complete(LoopbackHttp browser, LoopbackHttp.Stop stop, String email, String password) throws Exception {
        int codesBefore = mail.messagesTo(email).size();
        for (int pages = 0; pages < 8 && !stop.reachedApp(); pages++) {
            if (SamlPostForm.in(stop)) {
                stop = SamlPostForm.submit(browser, stop);
            } else if (stop.body().contains("id=\"kc-form-login\"")) {
                stop = browser.post(stop.form("kc-form-login"), Map.of("username", email, "password", password));
            } else if (stop.body().contains("id=\"orgsso-code-form\"")) {
                stop = browser.post(stop.form("orgsso-code-form"), Map.of("code", awaitCode(email, codesBefore + 1), "verify", ""));
            } else {
                break;
            }
        }
        return stop.expectCode();
    }

    /** The code of the n-th mail to the address; Keycloak sends it before answering, so it is normally there already. */
    private String awaitCode(String email, int n) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> got = mail.messagesTo(email);
            if (got.size() >= n) {
                Matcher m = CODE.matcher(MailCatcher.textOf(got.get(n - 1)));
                if (m.find()) {
                    return m.group(1);
                }
                throw new IllegalStateException("no 6-digit code in the mail to " + email);
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("no code mail to " + email);
    }
}
