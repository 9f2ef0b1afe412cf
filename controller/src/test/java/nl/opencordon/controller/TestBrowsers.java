package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium for the page tests ({@code -Dchromium=…}, {@code -Dchromedriver=…} to override),
 * its console readable through {@code manage().logs()} so a test can fail on errors in it.
 */
public final class TestBrowsers {
  private TestBrowsers() {}

  public static WebDriver headlessChromium(int width, int height) {
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    ChromeOptions options = new ChromeOptions().setBinary(System.getProperty("chromium", "/usr/bin/chromium"))
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-dev-shm-usage", "--window-size=" + width + "," + height);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingAnyFreePort()
        .usingDriverExecutable(new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"))).build();
    return new ChromeDriver(service, options);
  }

  /**
   * Saves the page as {@code target/name} and, where {@code docsCopy} is not null, there too (the docs'
   * screenshots); fails if nothing was drawn.
   */
  public static void screenshot(WebDriver browser, String name, String docsCopy) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(Path.of("target", name), png);
    if (docsCopy != null) {
      Files.write(Path.of(docsCopy), png);
    }
    assertTrue(png.length > 10_000, "a screenshot of a drawn page");
  }

  /** Quits a browser a test class may not have got as far as starting. */
  public static void quit(WebDriver browser) {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Signs in through the page's own form as a demo user of demo.conf (password "demo-" + name). */
  public static void signIn(WebDriver browser, String user) {
    browser.findElement(By.id("login-user")).sendKeys(user);
    browser.findElement(By.id("login-password")).sendKeys("demo-" + user);
    browser.findElement(By.id("login-submit")).click();
  }
}
