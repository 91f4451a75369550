package dev.orgsso.it.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.openqa.selenium.By;

/** The demo app signed in: the ID token's claims, the access token, "Sign out". */
public final class AppPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Browser b;

    public AppPage(Browser b) {
        this.b = b;
        b.find(By.id("claims"));
    }

    public JsonNode claims() {
        try {
            return JSON.readTree(b.find(By.id("claims")).getText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String accessToken() {
        return b.driver().findElement(By.id("access-token")).getAttribute("textContent");
    }

    /** The app's sign-out (Keycloak's RP-initiated logout), back to the app's "signed out" page. */
    public SignedOutPage signOut() {
        b.clickAndLeave(By.id("logout"));
        return new SignedOutPage(b);
    }
}
