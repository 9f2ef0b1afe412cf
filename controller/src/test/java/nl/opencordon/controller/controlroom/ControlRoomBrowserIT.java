package nl.opencordon.controller.controlroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.opencordon.controller.ControllerOnDatabase;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.DemoCity;
import nl.opencordon.controller.TestBrowsers;
import nl.opencordon.domain.Json;
import nl.opencordon.security.ApiClient;
import nl.opencordon.domain.CityLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The control room in a real headless Chromium (Debian's chromium + chromium-driver) against a controller
 * running the demo city with simulated cameras: the map shows every device, a camera that dies turns red and
 * green again when it heals, and a mobile camera moved from the page gets its new site and marker.
 * {@code -Dcontrolroom.screenshot=../docs/control-room.png} also saves the page for the docs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlRoomBrowserIT {
  private static final String RED = "#d32f2f";
  private static final String GREEN = "#2e7d32";

  private ControllerOnDatabase node;
  private Controller controller;
  private DemoCity demo;
  private CityLayout layout;
  private WebDriver browser;

  @BeforeAll
  void start() throws Exception {
    node = ControllerOnDatabase.demoCity("""
        anpr.demo.passages-per-camera-per-second = 1.0
        """, (city, database) -> demo = city);
    controller = node.controller();
    layout = node.city();
    browser = TestBrowsers.headlessChromium(1600, 1000);
    browser.get("http://127.0.0.1:" + controller.httpPort() + "/");
    TestBrowsers.signIn(browser, "operations");
  }

  @AfterAll
  void stop() throws Exception {
    TestBrowsers.quit(browser);
    node.close();
  }

  /** Found and clicked in one step: the table is drawn again with every snapshot, which can come in between. */
  private void select(String deviceId) {
    within(20).until(b -> {
      b.findElement(By.cssSelector("#devices tr[data-id='" + deviceId + "']")).click();
      return true;
    });
  }

  private WebDriverWait within(int seconds) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** The fill colour Leaflet gave the device's marker. */
  private String fill(String deviceId) {
    List<WebElement> found = browser.findElements(By.cssSelector("[data-device='" + deviceId + "']"));
    return found.isEmpty() ? "" : found.get(0).getDomAttribute("fill");
  }

  @Test
  @Order(1)
  void theMapShowsEveryCameraGateAndDisplayAndTheZone() {
    List<String> ids = Stream.of(layout.cameras().stream().map(c -> c.id()),
        layout.gates().stream().map(g -> g.id()), layout.displays().stream().map(d -> d.id())).flatMap(s -> s).toList();
    within(20).until(b -> ids.stream().allMatch(id -> !b.findElements(By.cssSelector("[data-device='" + id + "']"))
        .isEmpty()));
    assertEquals(ids.size(), browser.findElements(By.cssSelector("[data-device]")).size());
    assertFalse(browser.findElement(By.id("login")).isDisplayed(), "the login form is gone once logged in");
    assertEquals(layout.zones().size(), browser.findElements(By.cssSelector("path.zone-outline")).size());
    assertEquals("camera", browser.findElement(By.cssSelector("[data-device='noord-1']")).getDomAttribute("data-kind"));
  }

  @Test
  @Order(2)
  void aCameraThatDiesTurnsRedAndGreenAgainWhenItHeals() {
    within(20).until(b -> GREEN.equals(fill("noord-1")));
    long killed = System.nanoTime();
    demo.cameras().kill("noord-1");
    within(15).until(b -> RED.equals(fill("noord-1")));
    long red = System.nanoTime();
    demo.cameras().heal("noord-1");
    within(15).until(b -> GREEN.equals(fill("noord-1")));
    long green = System.nanoTime();
    System.out.printf("control room: red %.1f s after the kill (silent-after 2 s), green %.1f s after healing%n",
        (red - killed) / 1e9, (green - red) / 1e9);
    assertEquals(GREEN, fill("noord-2"), "the other camera of the gate stayed up");
    // The failure is an incident with its duration, listed on the page.
    WebElement openOnly = browser.findElement(By.id("incidents-open"));
    if (openOnly.isSelected()) {
      openOnly.click(); // the incident has ended: show ended ones too
    }
    within(10).until(b -> !b.findElements(By.xpath("//table[@id='incidents']//td[contains(., 'camera noord-1')]"))
        .isEmpty());
  }

  @Test
  @Order(3)
  void aMobileCameraMovedFromThePageGetsItsNewSiteAndMarker() throws Exception {
    select("mobiel-1");
    within(10).until(b -> !b.findElements(By.id("site-code")).isEmpty());
    type("site-code", "DS-M07");
    type("site-street", "Nieuwegracht");
    type("site-direction", "oost");
    type("site-lat", "52.0880");
    type("site-lon", "5.1250");
    browser.findElement(By.id("site-submit")).click();
    within(10).until(b -> b.findElement(By.id("detail-site")).getText().startsWith("DS-M07 – Nieuwegracht"));
    within(10).until(b -> Map.of("lat", 52.088, "lng", 5.125).equals(((JavascriptExecutor) b).executeScript(
        "const p = cordon.markers['mobiel-1'].getLatLng(); return {lat: p.lat, lng: p.lng};")));
    // The actor is the source of truth: its site history has the move, with the old site before it.
    JsonNode sites = Json.MAPPER.readTree(ApiClient.as(controller.httpPort(), "controlroom")
        .get("/api/cameras/mobiel-1/sites").body());
    assertEquals(List.of("DS-M01", "DS-M07"), List.of(sites.get(0).at("/site/locationCode").asText(),
        sites.get(1).at("/site/locationCode").asText()));
    assertEquals("Nieuwegracht", sites.get(1).at("/site/street").asText());
  }

  @Test
  @Order(5)
  void aDeclaredDetourIsListedInTheControlRoom() throws Exception {
    String until = java.time.Instant.now().plus(Duration.ofHours(2)).toString();
    var declared = ApiClient.as(controller.httpPort(), "operations").post("/api/enforcement/detours",
        "{\"gateIds\": [\"%s\"], \"from\": \"%s\", \"until\": \"%s\", \"reason\": \"politie: omleiding Ring\"}"
            .formatted(layout.gates().get(0).id(), java.time.Instant.now().toString(), until));
    assertEquals(201, declared.statusCode(), declared.body());
    within(40).until(b -> b.findElement(By.id("detours")).getText().contains("politie: omleiding Ring"));
    assertTrue(browser.findElement(By.id("detours")).getText().contains(layout.gates().get(0).id()));
  }

  @Test
  @Order(6)
  void theCitizensEvidencePageRefusesAWrongCaseNumberInDutch() {
    browser.get("http://127.0.0.1:" + controller.httpPort() + "/inzage");
    browser.findElement(By.id("caseNumber")).sendKeys("c-bestaat-niet");
    browser.findElement(By.id("plate")).sendKeys("AB-123-C");
    browser.findElement(By.cssSelector("#request button")).click();
    within(10).until(b -> b.findElement(By.id("message")).getText().startsWith("Bij dit zaaknummer en kenteken"));
    assertTrue(browser.findElements(By.cssSelector("#pictures img")).isEmpty());
  }

  private void type(String id, String text) {
    within(5).until(b -> {
      b.findElement(By.id(id)).sendKeys(text);
      return true;
    });
  }

  @Test
  @Order(4)
  void screenshotOfTheControlRoom() throws Exception {
    select("oost-1");
    within(10).until(b -> "UP".equals(b.findElement(By.id("detail-health")).getDomAttribute("data-health")));
    TestBrowsers.screenshot(browser, "control-room.png", System.getProperty("controlroom.screenshot"));
  }
}
