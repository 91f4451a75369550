package dev.orgsso.it.pages;

import org.openqa.selenium.By;

/**
 * A page that ends a sign-in without signing in: Keycloak's error page or one of the pack's refusals
 * (an email in use, a wrong audience, a refused handoff with its reason code, too many codes). Reached
 * only through a step that waited for the previous page to go, so its title is this page's.
 */
public final class RefusalPage {

    private final Browser b;

    public RefusalPage(Browser b) {
        this.b = b;
        b.find(By.id("kc-page-title"));
    }

    public String title() {
        return b.find(By.id("kc-page-title")).getText();
    }

    /** The page's HTML, where a reason code or message is looked for. */
    public String source() {
        return b.pageSource();
    }

    /** What the user reads. */
    public String text() {
        return b.text();
    }

    public String url() {
        return b.url();
    }
}
