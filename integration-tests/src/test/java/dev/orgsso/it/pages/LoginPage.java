package dev.orgsso.it.pages;

import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** An app's Keycloak login page: username and password, "Log in with SSO" and, once remembered, "Continue with …". */
public final class LoginPage {

    static final By FORM = By.id("kc-form-login");
    private static final By SSO = By.id("orgsso-login-with-sso");
    private static final By CONTINUE = By.id("orgsso-continue");

    private final Browser b;

    public LoginPage(Browser b) {
        this.b = b;
        b.find(FORM);
    }

    public boolean offersSso() {
        return b.has(SSO);
    }

    /** The "Log in with SSO" link (waits for it). */
    public WebElement ssoLink() {
        return b.find(SSO);
    }

    /** "Log in with SSO": the "Enter your organisation" page. */
    public OrganisationPage logInWithSso() {
        b.clickAndLeave(SSO);
        return new OrganisationPage(b);
    }

    public boolean remembersAnOrganisation() {
        return b.has(CONTINUE);
    }

    /** The remembered organisation's button, e.g. "Continue with acme". */
    public WebElement continueButton() {
        return b.find(CONTINUE);
    }

    /** Types the username and password and submits them; the page that follows. */
    public <P> P signIn(String username, String password, Function<Browser, P> next) {
        b.type(By.id("username"), username);
        b.type(By.id("password"), password);
        b.clickAndLeave(By.id("kc-login"));
        return next.apply(b);
    }

    /** The form again, refused: the message on the username field. */
    public String usernameError() {
        return b.find(By.id("input-error-username")).getText();
    }

    /** "Forgot Password?": Keycloak's reset form. */
    public ResetPasswordPage forgotPassword() {
        b.clickAndLeave(By.linkText("Forgot Password?"));
        return new ResetPasswordPage(b);
    }
}
