package nl.opencordon.controller;

import java.io.File;
import java.util.logging.Level;
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
}
