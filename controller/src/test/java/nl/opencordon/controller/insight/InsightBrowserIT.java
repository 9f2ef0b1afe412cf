package nl.opencordon.controller.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import nl.opencordon.controller.ControllerOnDatabase;
import nl.opencordon.controller.TestBrowsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The insight page in Debian's headless Chromium against the demo city: charts drawn from live gate traffic, a
 * visit planned and a report made from the page. {@code -Dinsight.screenshot=../docs/insight.png} saves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightBrowserIT {
  private ControllerOnDatabase demo;
  private WebDriver browser;

  @BeforeAll
  void start() throws Exception {
    demo = ControllerOnDatabase.demoCity("anpr.demo.passages-per-camera-per-second = 2.0", (city, database) -> { });
    browser = TestBrowsers.headlessChromium(1400, 2200);
  }

  @AfterAll
  void stop() throws Exception {
    TestBrowsers.quit(browser);
    demo.close();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  @Test
  void chartsFromLiveTrafficAVisitPlannedAndAReportMadeFromThePage() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200));
    browser.get("http://127.0.0.1:" + demo.port() + "/insight");
    TestBrowsers.signIn(browser, "operations");
    wait.until(b -> b.findElement(By.id("app")).isDisplayed());
    // The demo's gates need a while before a cell counts k vehicles; ask again until the chart has bars.
    wait.until(b -> {
      b.findElement(By.cssSelector("#stats-form button")).click();
      return (Boolean) js("const c = Chart.getChart(document.querySelector('#chart-hourly'));"
          + " return !!c && c.data.datasets.length > 0 && c.data.datasets.some(d => d.data.some(n => n > 0));");
    });

    LocalDate day = LocalDate.now().plusDays(7); // the plan shows this month and the next three
    js("document.querySelector('#visit-from').value = '" + day + "T07:00';"
        + " document.querySelector('#visit-to').value = '" + day.plusDays(2) + "T17:00';");
    browser.findElement(By.id("visit-camera")).sendKeys("mobiel-1");
    browser.findElement(By.id("visit-code")).sendKeys("DS-M07");
    browser.findElement(By.id("visit-street")).sendKeys("Nieuwegracht");
    browser.findElement(By.id("visit-direction")).sendKeys("oost");
    browser.findElement(By.id("visit-lat")).sendKeys("52.088");
    browser.findElement(By.id("visit-lon")).sendKeys("5.125");
    browser.findElement(By.cssSelector("#visit-form button")).click();
    js("document.querySelector('#rotation-section').scrollIntoView()");
    wait.until(b -> b.findElement(By.id("visits")).getText().contains("DS-M07 Nieuwegracht")
        || !b.findElement(By.id("visit-error")).getText().isEmpty());
    assertEquals("", browser.findElement(By.id("visit-error")).getText());
    assertTrue(browser.findElement(By.id("coverage")).getText().contains("DS-M07"));

    String month = YearMonth.now().minusMonths(1).toString();
    js("document.querySelector('#report-month').value = '" + month + "'");
    browser.findElement(By.cssSelector("#report-form button")).click();
    // the schedule made last month's report at start; the page makes it again, as operations
    wait.until(b -> b.findElement(By.id("reports")).getText().contains(month + " ")
        && b.findElement(By.id("reports")).getText().contains("operations"));

    js("window.scrollTo(0, 0)");
    TestBrowsers.screenshot(browser, "insight.png", System.getProperty("insight.screenshot"));
  }
}
