package nl.opencordon.controller;

import nl.opencordon.domain.Json;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOKWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import nl.opencordon.actors.Guardian;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.Role;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.monitoring.ControllerMetrics;
import nl.opencordon.enforcement.cases.CaseRepository;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of the API: city layout, live device status from the actors, cases, metrics, the signed-in
 * user, the access log, the OpenAPI document and the pages' shared files. Devices are for the control room and
 * operations, cases for officers (each request written to the access log), the access log for admins.
 */
final class ApiRoutes {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
  /** The most cases one request lists ({@code limit} is clamped to it): a list is for a screen, not an export. */
  static final int MAX_CASES = 1000;

  private final ActorSystem<?> system;
  private final Guardian.Devices devices;
  private final CaseRepository cases;
  private final ControllerMetrics metrics;
  private final CityLayout layout;
  private final Duration askTimeout;
  private final Access access;
  private final AccessLog accessLog;

  ApiRoutes(ActorSystem<?> system, Guardian.Devices devices, CaseRepository cases, ControllerMetrics metrics,
            CityLayout layout, Duration askTimeout, Access access, AccessLog accessLog) {
    this.system = system;
    this.devices = devices;
    this.cases = cases;
    this.metrics = metrics;
    this.layout = layout;
    this.askTimeout = askTimeout;
    this.access = access;
    this.accessLog = accessLog;
  }

  Route routes() {
    // the device lists never fail (a device that does not answer is listed as moving): what is left are the cases
    return handleExceptions(HttpErrors.handler(log), () -> concat(
        // off the HTTP threads: some figures are read from PostgreSQL at scrape time
        path("metrics", () -> get(() -> onSuccess(CompletableFuture.supplyAsync(metrics::scrape),
            text -> complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, text))))),
        // the pages' scripts and styles, from the jar of each module that has a page
        pathPrefix("web", () -> get(() -> getFromResourceDirectory("web"))),
        pathPrefix("api", () -> concat(
            path("openapi.yaml", () -> get(() -> getFromResource("openapi.yaml",
                ContentTypes.create(MediaTypes.applicationWithOpenCharset("yaml"), HttpCharsets.UTF_8)))),
            path("me", () -> get(() -> access.require(List.of(Role.values()), user ->
                complete(StatusCodes.OK, user, Jackson.marshaller(Json.MAPPER))))),
            path("access-log", () -> get(() -> access.require(Role.ADMIN, user ->
                parameterOptional("subject", subject -> parameterOptional("limit", limit ->
                    accessLog.logged(user, "access-log", () -> json(accessLog.list(subject.orElse(null),
                        limit.map(Integer::parseInt).map(l -> Math.max(1, Math.min(l, 1000))).orElse(100))))))))),
            path("health", () -> get(() -> complete(StatusCodes.OK, Map.of("status", "up"), Jackson.marshaller(Json.MAPPER)))),
            path("city", () -> get(() -> access.require(List.of(Role.values()), user ->
                complete(StatusCodes.OK, layout, Jackson.marshaller(Json.MAPPER))))),
            path("cameras", () -> get(() -> access.require(Access.READ_DEVICES, user -> json(statuses(
                layout.cameras().stream().map(CityLayout.Camera::id).toList(), "cameraId", devices.cameras(),
                ref -> AskPattern.ask(ref, nl.opencordon.actors.camera.Camera.GetStatus::new, askTimeout, system.scheduler())))))),
            path("gates", () -> get(() -> access.require(Access.READ_DEVICES, user -> json(statuses(
                layout.gates().stream().map(CityLayout.Gate::id).toList(), "gateId", devices.gates(),
                ref -> AskPattern.ask(ref, nl.opencordon.actors.gate.Gate.GetStatus::new, askTimeout, system.scheduler())))))),
            path("displays", () -> get(() -> access.require(Access.READ_DEVICES, user -> json(statuses(
                layout.displays().stream().map(CityLayout.Display::id).toList(), "displayId", devices.displays(),
                ref -> AskPattern.ask(ref, nl.opencordon.actors.display.Display.GetStatus::new, askTimeout,
                    system.scheduler()).thenApply(nl.opencordon.actors.display.Display.Status::withoutPlate)))))),
            path("cases", () -> get(() -> access.require(Role.OFFICER, user -> parameterOptional("status", status ->
                parameterOptional("limit", limit -> accessLog.logged(user, "cases:" + status.orElse("*"),
                    () -> listCases(status.orElse(null), limit.orElse("100"))))))))
        ))));
  }

  private Route listCases(String status, String limit) {
    int rows;
    try {
      rows = Math.max(1, Math.min(MAX_CASES, Integer.parseInt(limit)));
    } catch (NumberFormatException e) {
      return complete(StatusCodes.BAD_REQUEST, "limit must be a number");
    }
    return json(CompletableFuture.supplyAsync(() -> {
      try {
        return cases.list(status, rows);
      } catch (java.sql.SQLException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }));
  }

  private Route json(CompletionStage<?> result) {
    return completeOKWithFuture(result.thenApply(r -> (Object) r), Jackson.marshaller(Json.MAPPER));
  }

  /**
   * Asks every device of a kind in the city for its status, in parallel. A device that runs on no node right
   * now, or does not answer in time (its node just died, it is starting on a survivor), is listed as
   * {@code {"<idField>": id, "moving": true}}: the list always names every device, never fails or empties.
   */
  private static <C> CompletionStage<List<Object>> statuses(List<String> ids, String idField,
                                                           Map<String, ActorRef<C>> refs,
                                                           Function<ActorRef<C>, CompletionStage<?>> ask) {
    List<CompletableFuture<Object>> all = ids.stream().map(id -> {
      ActorRef<C> ref = refs.get(id);
      Object moving = Map.of(idField, id, "moving", true);
      return ref == null ? CompletableFuture.completedFuture(moving)
          : ask.apply(ref).toCompletableFuture().<Object>thenApply(s -> s).exceptionally(err -> moving);
    }).toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
  }
}
