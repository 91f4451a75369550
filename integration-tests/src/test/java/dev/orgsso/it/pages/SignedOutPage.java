package dev.orgsso.it.pages;

import org.openqa.selenium.By;

/** The demo app's (or the demo customer site's) "You are signed out". */
public final class SignedOutPage {

    private final Browser b;

    public SignedOutPage(Browser b) {
        this.b = b;
        b.find(By.id("signed-out"));
    }

    public String url() {
        return b.url();
    }
}
