package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.persistence.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The probes of a security review (issue 25), run as an attacker on the network would, against one running
 * controller: each one failed on the code before its fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityProbesIT {
  private Database database;
  private Controller controller;
  private int port;

  @BeforeAll
  void start() throws Exception {
    Path root = Files.createTempDirectory("security-probes");
    database = TestControllers.freshDatabase();
    controller = Controller.start(TestControllers.config("""
            anpr.enforcement.evidence-dir = "%s"
            anpr.enforcement.export-dir = "%s"
            anpr.controller.control-room.tile-url = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
            """.formatted(root.resolve("evidence"), root.resolve("exports"))), database,
        TestControllers.city(TestControllers.ONE_GATE_CITY),
        new Controller.Adapters(p -> CompletableFuture.completedFuture(Optional.empty()), new ExemptionRegistry(),
            CameraDriverFactory.NONE, d -> (SignDriver) null));
    port = controller.httpPort();
  }

  @AfterAll
  void stop() throws Exception {
    controller.close();
    database.close();
  }

  @Test
  void pagesRunOnlyTheControllersOwnScriptsAndCannotBeFramed() throws Exception {
    for (String page : new String[] {"/", "/operations", "/officer", "/inzage", "/insight/"}) {
      HttpResponse<String> answer = ApiClient.anonymous(port).get(page);
      assertEquals(200, answer.statusCode(), page);
      String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(policy.contains("script-src 'self';") && policy.contains("frame-ancestors 'none'")
          && policy.contains("img-src 'self' data: blob: https://*.tiles.example.org;"), page + ": " + policy);
      assertCommonHeaders(answer);
    }
  }

  @Test
  void everyOtherAnswerIsSandboxedAndFilesAreAttachments() throws Exception {
    HttpResponse<String> json = ApiClient.as(port, "controlroom").get("/api/cameras");
    assertEquals(200, json.statusCode());
    assertEquals(Optional.of(SecurityHeaders.SANDBOX_POLICY), json.headers().firstValue("Content-Security-Policy"));
    assertCommonHeaders(json);
    // refusals and the health probes too
    assertCommonHeaders(ApiClient.anonymous(port).get("/api/cases"));
    assertCommonHeaders(ApiClient.anonymous(port).get("/health/ready"));
    HttpResponse<String> pdf = ApiClient.as(port, "officer").get("/api/enforcement/inspections/report?month=2025-06");
    assertEquals(200, pdf.statusCode());
    assertEquals(Optional.of(SecurityHeaders.SANDBOX_POLICY), pdf.headers().firstValue("Content-Security-Policy"));
    assertTrue(pdf.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"),
        pdf.headers().map().toString());
  }

  private static void assertCommonHeaders(HttpResponse<String> answer) {
    String what = answer.uri() + " " + answer.headers().map();
    assertEquals(Optional.of("nosniff"), answer.headers().firstValue("X-Content-Type-Options"), what);
    assertEquals(Optional.of("no-referrer"), answer.headers().firstValue("Referrer-Policy"), what);
    assertTrue(answer.headers().firstValue("Content-Security-Policy").isPresent(), what);
  }
}
