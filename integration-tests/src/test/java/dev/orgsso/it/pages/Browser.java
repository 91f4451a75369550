package dev.orgsso.it.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium through its chromedriver, headless, with a fresh profile per instance. The page
 * objects beside it drive it; a test reaches for it directly only to open a URL or take a screenshot.
 */
public final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final String testName;
    private int shot;

    public Browser(String testName) {
        this.testName = testName;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("orgsso.chromium", "/usr/bin/chromium"));
        // The flags that keep Chromium from reaching for Google's hosts on a closed network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("orgsso.chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Opens the URL and returns the page it shows (whose constructor waits for it). */
    public <P> P open(String url, Function<Browser, P> page) {
        driver.get(url);
        return page.apply(this);
    }

    /** Waits for the element; when it never comes, the failure shows where the browser is and a screenshot is kept. */
    public WebElement find(By by) {
        try {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw stuck("no " + by, e);
        }
    }

    public boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    public void type(By by, String text) {
        WebElement e = find(by);
        e.clear();
        e.sendKeys(text);
    }

    /** A click that stays on the page (nothing is submitted, nothing is followed). */
    public void click(By by) {
        find(by).click();
    }

    /**
     * Clicks what submits a form or follows a link, then waits until this page's document is gone (its
     * root element went stale). Only then may the next page be looked up: an element found earlier can
     * still be the old page's (the same id on the re-rendered form), and then reads the old text or
     * goes stale under the test.
     */
    public void clickAndLeave(By by) {
        WebElement root = driver.findElement(By.tagName("html"));
        find(by).click();
        try {
            new WebDriverWait(driver, WAIT).until(d -> gone(root));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw stuck("still on the page after clicking " + by, e);
        }
    }

    /**
     * Whether the page this element belonged to is gone. Chromium sometimes reports a node of a document
     * that was just replaced as "does not belong to the document" (a plain WebDriverException) rather
     * than as a stale element: the same answer.
     */
    private static boolean gone(WebElement root) {
        try {
            root.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("does not belong to the document") || message.contains("No node with given id")) {
                return true;
            }
            throw e;
        }
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    /** The visible text of the page. */
    public String text() {
        return find(By.tagName("body")).getText();
    }

    /** Saves a screenshot under target/screenshots/{test}/NN-{name}.png for a person to look at. */
    public void screenshot(String name) {
        Path dir = Path.of(System.getProperty("orgsso.work.dir", "target")).toAbsolutePath().normalize()
                .resolve("screenshots").resolve(testName);
        try {
            Files.createDirectories(dir);
            Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, dir.resolve(String.format("%02d-%s.png", ++shot, name)), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AssertionError stuck(String what, Exception cause) {
        screenshot("timeout");
        String text = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
        return new AssertionError(what + " at " + driver.getCurrentUrl() + " showing:\n"
                + text.substring(0, Math.min(text.length(), 800)), cause);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
