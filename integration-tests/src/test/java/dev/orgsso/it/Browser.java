package dev.orgsso.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's Chromium through its chromedriver, headless, with a fresh profile per instance. */
final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final String testName;
    private int shot;

    Browser(String testName) {
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

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits for the element; when it never comes, the failure shows where the browser is and a screenshot is kept. */
    WebElement find(By by) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout");
            String text = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
            throw new AssertionError("no " + by + " at " + driver.getCurrentUrl() + " showing:\n"
                    + text.substring(0, Math.min(text.length(), 800)), e);
        }
    }

    boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    void type(By by, String text) {
        WebElement e = find(by);
        e.clear();
        e.sendKeys(text);
    }

    void click(By by) {
        find(by).click();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String pageSource() {
        return driver.getPageSource();
    }

    /** Saves a screenshot under target/screenshots/{test}/NN-{name}.png for a person to look at. */
    void screenshot(String name) {
        Path dir = TestStack.workDir().resolve("screenshots").resolve(testName);
        try {
            Files.createDirectories(dir);
            Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, dir.resolve(String.format("%02d-%s.png", ++shot, name)), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
