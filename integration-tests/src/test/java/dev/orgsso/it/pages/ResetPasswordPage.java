package dev.orgsso.it.pages;

import java.util.function.Function;
import org.openqa.selenium.By;

/** Keycloak's "Forgot your password?" form. */
public final class ResetPasswordPage {

    private final Browser b;

    public ResetPasswordPage(Browser b) {
        this.b = b;
        b.find(By.id("username"));
    }

    public <P> P request(String username, Function<Browser, P> next) {
        b.type(By.id("username"), username);
        b.clickAndLeave(By.cssSelector("[type=submit]"));
        return next.apply(b);
    }
}
