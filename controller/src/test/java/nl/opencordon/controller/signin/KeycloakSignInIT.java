package nl.opencordon.controller.signin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestBrowsers;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.persistence.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sign-in through a real OpenID Connect provider: Keycloak from Maven Central ({@code keycloak-quarkus-dist},
 * unpacked by the build), started once for the class in dev mode on the machine's Java 21+ JDK with the realm
 * of {@code oidc/cordon-realm.json} (the client {@code cordon}, PKCE S256 required, and one user per role). For
 * each role a real headless Chromium opens the role's page, follows "Inloggen via Keycloak", fills Keycloak's
 * own login form and lands back on that page signed in, in a server-side session (HttpOnly, Secure,
 * SameSite=Strict cookie; nothing in browser storage); the role's API answers and another role's refuses with
 * 403; signing out ends the session here and at Keycloak, which then asks for the password again. When an
 * administrator ends a user's sessions at Keycloak, Keycloak's back-channel logout ends the session here too;
 * a logout token signed with any other key ends nothing. A role taken away at Keycloak ends the session at its
 * next recheck with Keycloak's refresh token ({@code max-session-without-recheck}, 3 s here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakSignInIT {
  private static final Duration KEYCLOAK_START = Duration.ofMinutes(8);
  private static final String ADMIN = "kc-admin";
  private static final String ADMIN_PASSWORD = "kc-admin-wachtwoord";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process keycloak;
  private Path keycloakLog;
  private Database database;
  private Controller controller;
  private WebDriver browser;
  private String base;
  private String keycloakBase;

  @BeforeAll
  void start() throws Exception {
    Optional<Path> jdk = jdk21();
    assumeTrue(jdk.isPresent(), "Keycloak 26 needs a Java 21+ JDK; none under /usr/lib/jvm, so this test is skipped");
    Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/none"));
    assertTrue(Files.isRegularFile(home.resolve("bin/kc.sh")), "Keycloak unpacked by the build at " + home);
    int keycloakPort = freePort();
    int controllerPort = freePort();
    base = "http://localhost:" + controllerPort;
    Path imports = home.resolve("data/import");
    Files.createDirectories(imports);
    String realm = new String(KeycloakSignInIT.class.getResourceAsStream("/oidc/cordon-realm.json").readAllBytes(),
        StandardCharsets.UTF_8).replace("${redirectUri}", base + "/auth/oidc/callback")
        .replace("${postLogoutRedirectUri}", base + "/*")
        .replace("${backchannelLogoutUri}", base + "/auth/oidc/backchannel-logout");
    Files.writeString(imports.resolve("cordon-realm.json"), realm);
    keycloakLog = home.resolve("keycloak-it.log");
    ProcessBuilder kc = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
        "--http-port=" + keycloakPort, "--http-management-port=" + freePort(), "--import-realm", "--db=dev-mem")
        .redirectErrorStream(true).redirectOutput(keycloakLog.toFile());
    kc.environment().put("JAVA_HOME", jdk.get().toString());
    kc.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    // an administrator of the master realm, for the admin REST API that ends a user's sessions
    kc.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    kc.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    long started = System.nanoTime();
    keycloak = kc.start();
    keycloakBase = "http://localhost:" + keycloakPort;
    String issuer = keycloakBase + "/realms/cordon";
    new FluentWait<>(issuer).withTimeout(KEYCLOAK_START).pollingEvery(Duration.ofSeconds(1))
        .withMessage(() -> "Keycloak did not serve its discovery document; its log: " + keycloakLog)
        .until(url -> {
          assertTrue(keycloak.isAlive(), () -> "Keycloak exited; its log:\n" + tail(keycloakLog));
          return status(url + "/.well-known/openid-configuration", Map.of()) == 200;
        });
    System.out.printf("Keycloak %s started in %.1f s%n", home.getFileName(), (System.nanoTime() - started) / 1e9);

    database = TestControllers.freshDatabase();
    controller = Controller.start(TestControllers.config("""
            anpr.controller.http.port = %d
            anpr.security.session.secure-cookie = on
            anpr.security.oidc {
              name = "Keycloak"
              issuer = "%s"
              client-id = cordon
              client-secret = "cordon-test-client-secret-1234567890"
              redirect-uri = "%s/auth/oidc/callback"
              roles-claim = realm_access.roles
              # short, so that the test sees a role taken away at Keycloak end the session
              max-session-without-recheck = 3s
              role-mapping {
                cordon-verkeerscentrale = CONTROL_ROOM
                cordon-beheer = OPERATIONS
                cordon-handhaving = OFFICER
                cordon-beheerder = ADMIN
              }
            }
            """.formatted(controllerPort, issuer, base)), database, TestControllers.city(TestControllers.ONE_GATE_CITY),
        new Controller.Adapters(p -> CompletableFuture.completedFuture(Optional.empty()), new ExemptionRegistry(),
            CameraDriverFactory.NONE, d -> (SignDriver) null));
    browser = TestBrowsers.headlessChromium(1280, 900);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (controller != null) {
      controller.close();
      database.close();
    }
    if (keycloak != null) {
      // SIGTERM to kc.sh, which passes it on to Keycloak's JVM: Quarkus shuts down cleanly
      List<ProcessHandle> jvm = keycloak.descendants().toList();
      keycloak.destroy();
      if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
        keycloak.destroyForcibly();
      }
      jvm.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * Each test begins in a browser signed in nowhere, whatever the one before left (also when it failed): with
   * Keycloak's cookies gone, the next sign-in asks for a password again.
   */
  @AfterEach
  void forgetSignIns() {
    ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  @Test
  void eachRoleSignsInAtKeycloakGetsItsOwnPagesOnlyAndSignsOutThere() throws Exception {
    // user, its page, the role it should get, an API of that role, and an API of a role it lacks
    signInUseAndSignOut("centrale", "/", "CONTROL_ROOM", "/api/cameras", "/api/exemptions");
    signInUseAndSignOut("beheer", "/operations", "OPERATIONS", "/api/exemptions", "/api/cases");
    signInUseAndSignOut("boa", "/officer", "OFFICER", "/api/cases", "/api/cameras");
    signInUseAndSignOut("beheerder", "/", "ADMIN", "/api/access-log", null);
  }

  @Test
  void aUserWithoutARoleHereIsRefusedAndAForgedReturnStartsNoSession() throws Exception {
    browser.get(base + "/officer");
    signInAtKeycloak("zonderrol");
    within(60).until(b -> b.getPageSource().contains("geen rol"));
    assertEquals(Optional.empty(), sessionCookie(), "no session for a user without a role");
    // a return from the IdP that no sign-in of this browser began
    assertEquals(400, status(base + "/auth/oidc/callback?state=forged&code=forged", Map.of()));
  }

  @Test
  void aSessionEndedAtKeycloakEndsHereThroughTheBackChannelAndAForgedLogoutTokenEndsNothing() throws Exception {
    Map<String, String> asBrowser = signedIn("/officer", "boa", "boa (OFFICER)");
    assertEquals(200, status(base + "/api/cases", asBrowser));

    // a logout token signed with a key of our own, naming every subject Keycloak might have: refused, no session ends
    RSAKey forger = new RSAKeyGenerator(2048).keyID("forged").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(forger.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(keycloakBase + "/realms/cordon").audience("cordon").subject(userId("boa"))
            .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000)).jwtID("j-1")
            .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())).build());
    forged.sign(new RSASSASigner(forger));
    HttpResponse<String> refused = postForm(base + "/auth/oidc/backchannel-logout", Map.of(),
        "logout_token=" + forged.serialize());
    assertEquals(400, refused.statusCode());
    assertTrue(refused.body().contains("\"error\":\"invalid_request\""), refused.body());
    assertEquals(Optional.of("no-store"), refused.headers().firstValue("Cache-Control"));
    assertEquals(400, postForm(base + "/auth/oidc/backchannel-logout", Map.of(), "other=1").statusCode());
    assertEquals(200, status(base + "/api/cases", asBrowser), "the forged token ended nothing");

    // an administrator ends boa's sessions at Keycloak: Keycloak posts a logout token to us, and the session is over.
    // No request of the session reaches us until its row is gone, so no recheck can have ended it: only the logout
    String boa = userId("boa");
    assertEquals(1, sessionsOf(boa));
    assertEquals(204, http.send(admin("/users/" + boa + "/logout").POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(0, sessionsOf(boa)));
    assertEquals(401, status(base + "/api/cases", asBrowser), "the session is over on the server");
  }

  @Test
  void aRoleTakenAwayAtKeycloakEndsTheSessionAtItsNextRecheck() throws Exception {
    Map<String, String> asBrowser = signedIn("/operations", "wissel", "wissel (OPERATIONS)");
    // rechecked every 3 s with Keycloak's refresh token, the session holds while the role does
    await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(15))
        .until(() -> status(base + "/api/exemptions", asBrowser) == 200);

    String role = http.send(admin("/roles/cordon-beheer").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    assertEquals(204, http.send(admin("/users/" + userId("wissel") + "/role-mappings/realm")
        .header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString("[" + role + "]"))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertEquals(401, status(base + "/api/exemptions", asBrowser), "no role left: the session is over"));
  }
  /**
   * Signs {@code user} in through Keycloak from {@code page} until the page names {@code who}; the headers an API
   * call of that browser's session carries.
   */
  private Map<String, String> signedIn(String page, String user, String who) {
    browser.get(base + page);
    signInAtKeycloak(user);
    within(60).until(b -> b.findElement(By.id("who")).getText().equals(who));
    return Map.of("Cookie", "cordon-session=" + sessionCookie().orElseThrow().getValue(), "X-Requested-With", "test");
  }


  /** The controller's sessions of a Keycloak user (its {@code sub}), in PostgreSQL. */
  private int sessionsOf(String subject) throws Exception {
    try (Connection c = database.dataSource().getConnection();
         PreparedStatement count = c.prepareStatement("SELECT count(*) FROM sessions WHERE idp_subject = ?")) {
      count.setString(1, subject);
      ResultSet rs = count.executeQuery();
      rs.next();
      return rs.getInt(1);
    }
  }

  /** A request to Keycloak's admin REST API for the realm, as its administrator. */
  private HttpRequest.Builder admin(String path) throws Exception {
    return HttpRequest.newBuilder(URI.create(keycloakBase + "/admin/realms/cordon" + path))
        .header("Authorization", "Bearer " + adminToken()).timeout(Duration.ofSeconds(10));
  }

  /** An access token of the master realm's administrator, for Keycloak's admin REST API. */
  private String adminToken() throws Exception {
    HttpResponse<String> response = postForm(keycloakBase + "/realms/master/protocol/openid-connect/token", Map.of(),
        "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password=" + ADMIN_PASSWORD);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  /** Keycloak's id of a user of the realm: the {@code sub} of its tokens. */
  private String userId(String user) throws Exception {
    HttpResponse<String> response = http.send(admin("/users?exact=true&username=" + user).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get(0).get("id").asText();
  }

  private HttpResponse<String> postForm(String url, Map<String, String> headers, String form) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void signInUseAndSignOut(String user, String page, String role, String allowed, String refused)
      throws Exception {
    browser.get(base + page);
    signInAtKeycloak(user);
    // back on the page it began on, signed in with the role the mapping gives
    within(60).until(b -> b.findElement(By.id("who")).getText().equals(user + " (" + role + ")"));
    assertEquals(base + page, browser.getCurrentUrl());
    Cookie session = sessionCookie().orElseThrow();
    assertTrue(session.isHttpOnly() && session.isSecure(), "HttpOnly and Secure");
    assertEquals("Strict", session.getSameSite());
    JavascriptExecutor js = (JavascriptExecutor) browser;
    assertFalse(String.valueOf(js.executeScript("return document.cookie")).contains("cordon-session"));
    assertEquals(0L, js.executeScript("return localStorage.length + sessionStorage.length"), "nothing stored");
    assertEquals(200, fetchStatus(allowed), user + " may " + allowed);
    if (refused != null) {
      assertEquals(403, fetchStatus(refused), user + " may not " + refused);
    }
    assertEquals(role.equals("ADMIN") ? 200 : 403, fetchStatus("/api/access-log"));
    // the same session from outside the browser, by its cookie alone: this is what it grants
    assertEquals(200, status(base + allowed, Map.of("Cookie", "cordon-session=" + session.getValue())));

    browser.findElement(By.id("logout")).click();
    // Keycloak ends its own session and sends the browser back to our root, which asks for a sign-in again
    within(60).until(b -> b.getCurrentUrl().startsWith(base) && !b.findElements(By.id("login-oidc")).isEmpty());
    assertEquals(401, status(base + allowed, Map.of("Cookie", "cordon-session=" + session.getValue(),
        "X-Requested-With", "test")), "the session is over on the server");
    assertEquals(Optional.empty(), sessionCookie());
  }

  /** From a login page: "Inloggen via Keycloak", then Keycloak's own form (which must ask: no SSO left over). */
  private void signInAtKeycloak(String user) {
    within(30).until(b -> !b.findElements(By.id("login-oidc")).isEmpty());
    assertEquals("Inloggen via Keycloak", browser.findElement(By.id("login-oidc")).getText());
    browser.findElement(By.id("login-oidc")).click();
    within(60).until(b -> !b.findElements(By.id("username")).isEmpty());
    assertTrue(browser.getCurrentUrl().contains("code_challenge_method=S256"), "PKCE");
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(user + "-wachtwoord");
    browser.findElement(By.id("kc-login")).click();
  }

  private Optional<Cookie> sessionCookie() {
    return Optional.ofNullable(browser.manage().getCookieNamed("cordon-session"));
  }

  /** The status the page's own call gets, with the session's cookie the browser adds. */
  private long fetchStatus(String path) {
    Object status = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0], { headers: { 'X-Requested-With': 'cordon-page' } }).then(r => done(r.status), e => done(-1));",
        path);
    assertNotNull(status);
    return (Long) status;
  }

  /** A wait that, when it runs out, tells where the browser is and what it shows. */
  private WebDriverWait within(int seconds) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
    wait.withMessage(() -> "at " + browser.getCurrentUrl() + ", showing: "
        + browser.findElement(By.tagName("body")).getText().replaceAll("\\s+", " ") + "; console: "
        + browser.manage().logs().get(LogType.BROWSER).getAll() + "; login form: "
        + ((JavascriptExecutor) browser).executeScript("return document.getElementById('login').outerHTML"));
    return wait;
  }

  private int status(String url, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The newest JDK of 21 or later under /usr/lib/jvm, by its {@code release} file. */
  static Optional<Path> jdk21() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    Pattern version = Pattern.compile("JAVA_VERSION=\"(\\d+)");
    try (Stream<Path> dirs = Files.list(jvms)) {
      return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && Files.isRegularFile(d.resolve("release")))
          .map(d -> {
            try {
              Matcher m = version.matcher(Files.readString(d.resolve("release")));
              return Map.entry(d, m.find() ? Integer.parseInt(m.group(1)) : 0);
            } catch (IOException e) {
              return Map.entry(d, 0);
            }
          })
          .filter(e -> e.getValue() >= 21).max(Comparator.comparing(Map.Entry::getValue)).map(Map.Entry::getKey);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
