package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.testkit.MailCatcher;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;

/** The browser steps of a first sign-in: alice at the acme IdP, then the emailed code. */
final class SignupSteps {

    static final String ALICE = "alice@acme.test";
    static final String ALICE_PASSWORD = "alice-demo-password";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private SignupSteps() {
    }

    static void signInAtAcmeIdp(Browser b, String acmeIdpUrl) {
        b.find(By.id("password"));
        assertTrue(b.url().startsWith(acmeIdpUrl), b.url());
        b.type(By.id("username"), ALICE);
        b.type(By.id("password"), ALICE_PASSWORD);
        b.click(By.id("kc-login"));
    }

    /** Waits for the n-th code mail to the address and returns the code in it. */
    static String code(MailCatcher mail, String email, int n) throws InterruptedException {
        String text = MailCatcher.textOf(mail.awaitMessageTo(email, n, Duration.ofSeconds(30)));
        Matcher m = CODE.matcher(text);
        assertTrue(m.find(), "a 6-digit code in:\n" + text);
        SecretLedger.code(m.group(1));
        return m.group(1);
    }

    /** On the "Confirm your email" page: types the newest code. */
    static void confirmWithCode(Browser b, MailCatcher mail, String email, int n) throws InterruptedException {
        b.find(By.id("orgsso-code-form"));
        b.type(By.id("code"), code(mail, email, n));
        b.click(By.id("orgsso-code-submit"));
    }
}
