package nl.opencordon.controller;

import java.io.File;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium for the page tests ({@code -Dchromium=…}, {@code -Dchromedriver=…} to override). */
public final class TestBrowsers {
  private TestBrowsers() {}

  public static WebDriver headlessChromium(int width, int height) {
    ChromeOptions options = new ChromeOptions().setBinary(System.getProperty("chromium", "/usr/bin/chromium"))
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-dev-shm-usage", "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder().usingAnyFreePort()
        .usingDriverExecutable(new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"))).build();
    return new ChromeDriver(service, options);
  }
}
