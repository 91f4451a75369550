package dev.orgsso.it.pages;

import java.util.function.Function;
import org.openqa.selenium.By;

/** The handoff's question before it changes a browser's session (switch user, sign out). */
public final class ConfirmPage {

    private final Browser b;

    public ConfirmPage(Browser b) {
        this.b = b;
        b.find(By.id("orgsso-confirm-form"));
    }

    public String question() {
        return b.find(By.id("orgsso-confirm-question")).getText();
    }

    public <P> P yes(Function<Browser, P> next) {
        b.clickAndLeave(By.id("orgsso-confirm-yes"));
        return next.apply(b);
    }
}
