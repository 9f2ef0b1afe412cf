package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.opencordon.controller.ControllerOnDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Roles over real HTTP: 401 without valid credentials, 403 with the wrong role, and the personal-data log. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessIT {
  private ControllerOnDatabase node;
  private int port;

  @BeforeAll
  void start() throws Exception {
    node = ControllerOnDatabase.oneGateCity("");
    port = node.port();
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  @Test
  void withoutValidCredentialsTheAnswerIs401WithABasicChallenge() throws Exception {
    HttpResponse<String> anonymous = ApiClient.anonymous(port).get("/api/cameras");
    assertEquals(401, anonymous.statusCode());
    assertEquals(Optional.of("Basic realm=\"cordon\""), anonymous.headers().firstValue("WWW-Authenticate")
        .map(v -> v.replace(",charset=UTF-8", "").replace(", charset=\"UTF-8\"", "")));
    assertEquals(401, ApiClient.as(port, "controlroom", "wrong").get("/api/cameras").statusCode());
    assertEquals(401, ApiClient.as(port, "stranger", "demo-stranger").get("/api/cameras").statusCode());
    // The page's own calls get no challenge, so the browser leaves the login to the page.
    HttpResponse<String> fromPage = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/cameras")).header("X-Requested-With", "control-room").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, fromPage.statusCode());
    assertTrue(fromPage.headers().firstValue("WWW-Authenticate").isEmpty());
  }

  @Test
  void eachRoleReachesItsOwnRoutesAndGets403Elsewhere() throws Exception {
    assertEquals(200, ApiClient.as(port, "controlroom").get("/api/cameras").statusCode());
    assertEquals(200, ApiClient.as(port, "operations").get("/api/control-room/devices").statusCode());
    assertEquals(403, ApiClient.as(port, "officer").get("/api/cameras").statusCode());
    assertEquals(403, ApiClient.as(port, "controlroom").get("/api/cases").statusCode());
    assertEquals(403, ApiClient.as(port, "controlroom").post("/api/cameras/in-1/enabled", "{\"enabled\":false}")
        .statusCode());
    assertEquals(403, ApiClient.as(port, "operations").get("/api/access-log").statusCode());
    assertEquals(200, ApiClient.as(port, "admin").get("/api/cameras").statusCode());
    HttpResponse<String> off = ApiClient.as(port, "operations").post("/api/cameras/in-1/enabled", "{\"enabled\":false}");
    assertEquals(200, off.statusCode());
    assertTrue(off.body().contains("\"enabled\":false"), off.body());
    assertEquals(200, ApiClient.as(port, "operations").post("/api/cameras/in-1/enabled", "{\"enabled\":true}")
        .statusCode());
  }

  @Test
  void requestsRevealingPersonalDataAreWrittenToTheAccessLog() throws Exception {
    assertEquals(200, ApiClient.as(port, "officer").get("/api/cases?status=OPEN").statusCode());
    assertTrue(accessLog().contains("officer|OFFICER|GET /api/cases|cases:OPEN"), accessLog().toString());
    // Refused requests reveal nothing and are not logged as access.
    int before = accessLog().size();
    ApiClient.as(port, "controlroom").get("/api/cases");
    assertEquals(before, accessLog().size());
    HttpResponse<String> log = ApiClient.as(port, "admin").get("/api/access-log");
    assertEquals(200, log.statusCode());
    assertTrue(log.body().contains("cases:OPEN"), log.body());
  }

  @Test
  void thePageTheMapLibraryAndTheApiDocumentNeedNoLogin() throws Exception {
    ApiClient nobody = ApiClient.anonymous(port);
    assertTrue(nobody.get("/").body().contains("control-room.js"));
    assertEquals(200, nobody.get("/lib/leaflet/leaflet.js").statusCode());
    HttpResponse<String> openapi = nobody.get("/api/openapi.yaml");
    assertEquals(200, openapi.statusCode());
    assertTrue(openapi.body().startsWith("openapi: 3"), openapi.body());
  }

  private List<String> accessLog() throws Exception {
    try (Connection c = node.database().dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT user_name, roles, action, subject FROM access_log ORDER BY id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
      }
      return rows;
    }
  }
}
