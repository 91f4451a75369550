package dev.orgsso.it.pages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.openqa.selenium.By;

/**
 * The customer's IdP asking for a password: a Keycloak realm standing in for Entra or Okta (the demo
 * realm acme-idp, or one made in a test). The loopback OIDC servers ask nothing: a test tells them
 * beforehand who signs in, and they answer the authorization request at once.
 */
public final class IdpLoginPage {

    private final Browser b;

    public IdpLoginPage(Browser b) {
        this.b = b;
        b.find(By.id("password"));
    }

    /** Fails unless the browser is at this IdP. */
    public IdpLoginPage assertAt(String idpUrl) {
        assertTrue(b.url().startsWith(idpUrl), "at the IdP " + idpUrl + ": " + b.url());
        return this;
    }

    public String url() {
        return b.url();
    }

    /** Types the username and password; fills the form without submitting it (for a screenshot first). */
    public IdpLoginPage fill(String username, String password) {
        b.type(By.id("username"), username);
        b.type(By.id("password"), password);
        return this;
    }

    public <P> P submit(Function<Browser, P> next) {
        b.clickAndLeave(By.id("kc-login"));
        return next.apply(b);
    }

    public <P> P signIn(String username, String password, Function<Browser, P> next) {
        return fill(username, password).submit(next);
    }
}
