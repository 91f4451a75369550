package dev.orgsso.it.pages;

import java.util.function.Function;
import org.openqa.selenium.By;

/** Keycloak's information page, e.g. the pack's "your organisation signs you in with SSO" with its link. */
public final class InfoPage {

    private final Browser b;

    public InfoPage(Browser b) {
        this.b = b;
        b.find(By.id("kc-info-message"));
    }

    public String source() {
        return b.pageSource();
    }

    /** Follows the link whose text contains this (e.g. "proceed"). */
    public <P> P follow(String linkText, Function<Browser, P> next) {
        b.clickAndLeave(By.partialLinkText(linkText));
        return next.apply(b);
    }
}
