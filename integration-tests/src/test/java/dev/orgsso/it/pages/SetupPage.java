package dev.orgsso.it.pages;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The self-service setup a setup link opens: one page whose {@code data-step} says where the link stands
 * (choose, connect, test, done, renew, renewed, refused); each step here waits for the page it leads to.
 */
public final class SetupPage {

    private static final By ROOT = By.id("orgsso-setup");

    private final Browser b;

    public SetupPage(Browser b) {
        this.b = b;
        b.find(ROOT);
    }

    public String step() {
        return b.find(ROOT).getAttribute("data-step");
    }

    /** The page's message (Keycloak's alert above the form), or "" when none. */
    public String message() {
        List<WebElement> alerts = b.driver().findElements(By.cssSelector(".pf-v5-c-alert__title, #input-error, .kc-feedback-text"));
        return alerts.isEmpty() ? "" : alerts.get(0).getText();
    }

    public SetupPage choose(String type) {
        b.click(By.id("orgsso-setup-type-" + type));
        b.clickAndLeave(By.id("orgsso-setup-choose-submit"));
        return new SetupPage(b);
    }

    /** The vendor, and SAML as the way it connects. */
    public SetupPage chooseSaml(String type) {
        b.click(By.id("orgsso-setup-type-" + type));
        b.click(By.id("orgsso-setup-protocol-saml"));
        b.clickAndLeave(By.id("orgsso-setup-choose-submit"));
        return new SetupPage(b);
    }

    /** A read-only value to register at the IdP (sp-entity-id, acs-url, sp-metadata-url, redirect-uri). */
    public String registerValue(String name) {
        return b.find(By.id("orgsso-setup-" + name)).getAttribute("value");
    }

    /** The SAML attributes to release, by Keycloak user property (email, firstName, lastName, principal). */
    public Map<String, String> attributesToRelease() {
        return b.driver().findElements(By.cssSelector("#orgsso-setup-attributes tr[data-property]")).stream()
                .collect(java.util.stream.Collectors.toMap(r -> r.getAttribute("data-property"),
                        r -> r.findElement(By.tagName("code")).getText()));
    }

    /** The SAML form (connection or renewal): the metadata URL and the pasted XML, as given ("" empties a field). */
    public SetupPage metadata(String url, String xml, String submitId) {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) b.driver();
        js.executeScript("arguments[0].value = arguments[1];", b.find(By.id("metadataUrl")), url);
        js.executeScript("arguments[0].value = arguments[1];", b.find(By.id("metadataXml")), xml);
        b.clickAndLeave(By.id(submitId));
        return new SetupPage(b);
    }

    public SetupPage connectMetadata(String url, String xml) {
        return metadata(url, xml, "orgsso-setup-save");
    }

    public SetupPage renewMetadata(String url, String xml) {
        return metadata(url, xml, "orgsso-setup-renew-submit");
    }

    /** "Test sign-in" when the IdP shows its own pages first (a SAML IdP's login form). */
    public <P> P startTestSignIn(Function<Browser, P> next) {
        b.clickAndLeave(By.id("orgsso-setup-test"));
        return next.apply(b);
    }

    public String redirectUri() {
        return b.find(By.id("orgsso-setup-redirect-uri")).getAttribute("value");
    }

    public String text(String id) {
        return b.find(By.id(id)).getText();
    }

    /** Fills the connection form (only the fields given) and saves it. */
    public SetupPage connect(Map<String, String> fields) {
        fields.forEach((name, value) -> {
            WebElement input = b.find(By.id(name));
            if ("date".equals(input.getAttribute("type"))) {
                // A date input takes keys in the browser's locale order; the value is set as the form sends it.
                ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript("arguments[0].value = arguments[1];", input, value);
            } else {
                input.clear();
                input.sendKeys(value);
            }
        });
        b.clickAndLeave(By.id("orgsso-setup-save"));
        return new SetupPage(b);
    }

    /** "Test sign-in": through the customer's IdP and back to this page with the result. */
    public SetupPage testSignIn() {
        b.clickAndLeave(By.id("orgsso-setup-test"));
        return new SetupPage(b);
    }

    public boolean hasResult() {
        return b.has(By.id("orgsso-setup-result"));
    }

    public boolean passed() {
        return Boolean.parseBoolean(b.find(By.id("orgsso-setup-result")).getAttribute("data-passed"));
    }

    /** The verdicts by claim: level ("ok", "warn", "fail") and the row's text. */
    public List<Map<String, String>> verdicts() {
        return b.driver().findElements(By.cssSelector("#orgsso-setup-verdicts tr.orgsso-verdict")).stream()
                .map(row -> Map.of("claim", row.getAttribute("data-claim"), "level", row.getAttribute("data-level"), "text", row.getText()))
                .toList();
    }

    public Map<String, String> verdict(String claim) {
        return verdicts().stream().filter(v -> v.get("claim").equals(claim)).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict on " + claim + " in " + verdicts()));
    }

    public SetupPage change() {
        b.clickAndLeave(By.id("orgsso-setup-change"));
        return new SetupPage(b);
    }

    public SetupPage claimDomain(String domain) {
        b.type(By.id("domain"), domain);
        b.clickAndLeave(By.id("orgsso-setup-claim"));
        return new SetupPage(b);
    }

    /** The TXT record the page asks for: name and value. */
    public Map<String, String> record(String domain) {
        WebElement row = b.find(By.cssSelector("#orgsso-setup-domains li[data-domain='" + domain + "']"));
        return Map.of("name", row.findElement(By.className("orgsso-record-name")).getText(),
                "value", row.findElement(By.className("orgsso-record-value")).getText());
    }

    public boolean verified(String domain) {
        return b.driver().findElements(By.cssSelector("#orgsso-setup-domains li[data-domain='" + domain + "'][data-verified='true']")).size() == 1;
    }

    public SetupPage checkDomain(String domain) {
        b.clickAndLeave(By.cssSelector("button[data-check-domain='" + domain + "']"));
        return new SetupPage(b);
    }

    public boolean canActivate() {
        return b.find(By.id("orgsso-setup-activate")).isEnabled();
    }

    public SetupPage activate() {
        b.clickAndLeave(By.id("orgsso-setup-activate"));
        return new SetupPage(b);
    }

    /** The per-app login links of the done page. */
    public Map<String, String> loginLinks() {
        return b.driver().findElements(By.cssSelector("#orgsso-setup-login-links input[data-app]")).stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getAttribute("data-app"), e -> e.getAttribute("value")));
    }

    public SetupPage renew(String secret, String expiresAt) {
        b.type(By.id("clientSecret"), secret);
        ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript("arguments[0].value = arguments[1];", b.find(By.id("clientSecretExpiresAt")), expiresAt);
        b.clickAndLeave(By.id("orgsso-setup-renew-submit"));
        return new SetupPage(b);
    }

    public String refusedBecause() {
        return b.find(By.id("orgsso-setup-refused")).getAttribute("data-why");
    }

    public <P> P then(Function<Browser, P> page) {
        return page.apply(b);
    }
}
