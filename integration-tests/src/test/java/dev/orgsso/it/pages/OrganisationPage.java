package dev.orgsso.it.pages;

import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** "Enter your organisation": the input {@code organization}, its submit button, the message on the field. */
public final class OrganisationPage {

    private static final By INPUT = By.id("organization");
    private static final By ERROR = By.id("input-error-organization");

    private final Browser b;

    public OrganisationPage(Browser b) {
        this.b = b;
        b.find(INPUT);
    }

    public WebElement input() {
        return b.find(INPUT);
    }

    /** Types the organisation and submits it; the page that follows (the IdP's, or this one again). */
    public <P> P enter(String organisation, Function<Browser, P> next) {
        b.type(INPUT, organisation);
        b.clickAndLeave(By.id("orgsso-submit"));
        return next.apply(b);
    }

    /** Types the organisation and submits it, expecting the same page again with a message. */
    public OrganisationPage enterRefused(String organisation) {
        OrganisationPage again = enter(organisation, OrganisationPage::new);
        again.error();
        return again;
    }

    /** The message on the field (waits for it). */
    public String error() {
        return b.find(ERROR).getText();
    }

    /** The remembered organisation's button, e.g. "Continue with acme". */
    public WebElement continueButton() {
        return b.find(By.id("orgsso-continue"));
    }

    public boolean offersAnotherOrganisation() {
        return b.has(By.id("orgsso-use-another"));
    }

    public boolean offersPasswordInstead() {
        return b.has(By.id("orgsso-password-instead"));
    }
}
