package dev.orgsso.it.pages;

import java.util.function.Function;
import org.openqa.selenium.By;

/** The demo customer's own site (its intranet), which signs its user in and hands them over with a JWT. */
public final class CustomerSitePage {

    private final Browser b;

    public CustomerSitePage(Browser b) {
        this.b = b;
        b.find(By.id("continue"));
    }

    public <P> P continueToTheHelpDesk(Function<Browser, P> next) {
        b.clickAndLeave(By.id("continue"));
        return next.apply(b);
    }
}
