package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.testkit.MailCatcher;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The browser steps of a first sign-in: alice at the acme IdP, then the emailed code. */
final class SignupSteps {

    static final String ALICE = "alice@acme.test";
    static final String ALICE_PASSWORD = "alice-demo-password";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private SignupSteps() {
    }

    /** The browser is at acme's IdP (the acme-idp realm): alice signs in; the page that follows. */
    static <P> P signInAtAcmeIdp(Browser b, String acmeIdpUrl, Function<Browser, P> next) {
        return new IdpLoginPage(b).assertAt(acmeIdpUrl).signIn(ALICE, ALICE_PASSWORD, next);
    }

    /** Waits for the n-th code mail to the address and returns the code in it. */
    static String code(MailCatcher mail, String email, int n) throws InterruptedException {
        String text = MailCatcher.textOf(mail.awaitMessageTo(email, n, Duration.ofSeconds(30)));
        Matcher m = CODE.matcher(text);
        assertTrue(m.find(), "a 6-digit code in:\n" + text);
        SecretLedger.code(m.group(1));
        return m.group(1);
    }

    /** A code that is not the one in the n-th mail. */
    static String wrongCode(MailCatcher mail, String email, int n) throws InterruptedException {
        return "000000".equals(code(mail, email, n)) ? "111111" : "000000";
    }

    /** On the "Confirm your email" page: types the code of the n-th mail; signed in at the app. */
    static AppPage confirmWithCode(CodePage page, MailCatcher mail, String email, int n) throws InterruptedException {
        return page.enter(code(mail, email, n), AppPage::new);
    }
}
