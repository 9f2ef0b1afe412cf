package nl.opencordon.controlroom;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;
import static org.apache.pekko.http.javadsl.server.Directives.reject;
import static org.apache.pekko.http.javadsl.server.PathMatchers.longSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.domain.Json;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.Role;
import nl.opencordon.security.User;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.ZoneDefinition;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control room over HTTP: the page and its map library (public, they hold no data), the live device
 * stream (SSE), incidents, device actions, site moves and enforcement times. Who may call what is in the
 * controller's {@code openapi.yaml} and enforced with {@link Access}. Device actions, site moves, enforcement
 * times and sign problems are written to the access log too: the audit trail.
 */
final class ControlRoomRoutes {
  record SiteRequest(String locationCode, String street, String direction, Double lat, Double lon,
                     String observationTemplate) {}

  record EnabledRequest(boolean enabled) {}

  record SignProblemRequest(String gateId, String detail) {}

  record Settings(String tileUrl, String tileAttribution, double availabilityTarget) {}

  private static final Logger log = LoggerFactory.getLogger(ControlRoomRoutes.class);
  /** 400 invalid, 404 unknown, 409 refused by the actor, 503 timeout, as every module's routes answer. */
  private static final ExceptionHandler ERRORS = HttpErrors.handler(log, Map.of(
      StatusReply.ErrorMessage.class, StatusCodes.CONFLICT, NoSuchElementException.class, StatusCodes.NOT_FOUND));
  private static final List<Role> ACKNOWLEDGE = List.of(Role.CONTROL_ROOM, Role.OPERATIONS);
  private static final List<Role> ANYONE = List.of(Role.values());

  private final ActorSystem<?> system;
  private final ActorRef<ControlRoom.Command> controlRoom;
  private final Guardian.Devices devices;
  private final CityLayout layout;
  private final ControlRoomStore store;
  private final ZoneSchedules schedules;
  private final SignProblemReporter signProblems;
  private final Access access;
  private final AccessLog accessLog;
  private final ControlRoom.Settings settings;
  private final Duration askTimeout;
  private final String leafletVersion;

  ControlRoomRoutes(ActorSystem<?> system, ActorRef<ControlRoom.Command> controlRoom, Guardian.Devices devices,
                    CityLayout layout, ControlRoomStore store, ZoneSchedules schedules,
                    SignProblemReporter signProblems, Access access, AccessLog accessLog,
                    ControlRoom.Settings settings, Duration askTimeout, String leafletVersion) {
    this.system = system;
    this.controlRoom = controlRoom;
    this.devices = devices;
    this.layout = layout;
    this.store = store;
    this.schedules = schedules;
    this.signProblems = signProblems;
    this.access = access;
    this.accessLog = accessLog;
    this.settings = settings;
    this.askTimeout = askTimeout;
    this.leafletVersion = leafletVersion;
  }

  Route routes() {
    return handleExceptions(ERRORS, () -> concat(
        pathEndOrSingleSlash(() -> get(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8))),
        pathPrefix("lib", () -> pathPrefix("leaflet", () ->
            get(() -> getFromResourceDirectory("META-INF/resources/webjars/leaflet/" + leafletVersion + "/dist")))),
        pathPrefix("api", () -> concat(
            pathPrefix("control-room", () -> concat(
                path("devices", () -> get(() -> access.require(Access.READ_DEVICES, user -> json(
                    AskPattern.ask(controlRoom, ControlRoom.GetDevices::new, askTimeout, system.scheduler())
                        .thenApply(ControlRoom.Devices::devices))))),
                path("passages", () -> get(() -> access.require(Access.READ_DEVICES, user -> json(
                    AskPattern.ask(controlRoom, ControlRoom.GetPassageSeries::new, askTimeout, system.scheduler()))))),
                path("stream", () -> get(() -> access.require(Access.READ_DEVICES, user -> stream()))),
                path("settings", () -> get(() -> access.require(ANYONE, user -> json(CompletableFuture.completedFuture(
                    new Settings(settings.tileUrl(), settings.tileAttribution(), settings.availabilityTarget())))))))),
            pathPrefix("incidents", () -> incidents()),
            pathPrefix("cameras", () -> pathPrefix(segment(), this::cameraActions)),
            pathPrefix("zones", () -> path(segment().slash("enforcement-windows"), this::enforcementWindows))
        ))));
  }

  /** Server-sent events: "snapshot" with every device first, then "device" on every change. */
  private Route stream() {
    Source<ServerSentEvent, NotUsed> events = ActorSource.<ControlRoom.Update>actorRef(u -> false, u -> Optional.empty(),
            256, OverflowStrategy.dropHead())
        .mapMaterializedValue(ref -> {
          controlRoom.tell(new ControlRoom.Subscribe(ref));
          return NotUsed.getInstance();
        })
        .map(u -> u instanceof ControlRoom.Snapshot s ? ServerSentEvent.create(Json.write(s.devices()), "snapshot")
            : ServerSentEvent.create(Json.write(u), "device"))
        .keepAlive(Duration.ofSeconds(10), ServerSentEvent::heartbeat);
    return completeOK(events, EventStreamMarshalling.toEventStream());
  }

  private Route incidents() {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> access.require(Access.READ_DEVICES, user -> listIncidents()))),
        path("sign-problems", () -> post(() -> access.require(List.of(Role.OPERATIONS, Role.CONTROL_ROOM), user ->
            accessLog.logged(user, "sign-problems", () -> entity(Jackson.unmarshaller(Json.MAPPER,
                SignProblemRequest.class), req -> reportSignProblem(req, user)))))),
        path(longSegment().slash("acknowledge"), id -> post(() -> access.require(ACKNOWLEDGE, user ->
            json(store.run(() -> {
              store.incidents.acknowledge(id, user.name(), Instant.now()); // a second acknowledgement keeps the first
              return store.incidents.find(id).orElseThrow(() -> new NoSuchElementException("no incident " + id));
            }))))),
        path(longSegment().slash("resolve"), id -> post(() -> access.require(Role.OPERATIONS, user ->
            json(store.run(() -> {
              var incident = store.incidents.find(id).orElseThrow(() -> new NoSuchElementException("no incident " + id));
              if (!incident.type().equals(ControlRoomStore.SIGN_PROBLEM)) {
                throw new IllegalArgumentException("device incidents end when the device recovers");
              }
              signProblems.resolve(incident.deviceId());
              store.incidents.end(id, Instant.now());
              return store.incidents.find(id).orElseThrow();
            }))))));
  }

  private Route listIncidents() {
    return parameterOptional("open", open -> parameterOptional("device", device -> parameterOptional("limit", limit ->
        json(store.run(() -> store.incidents.list(open.map(Boolean::parseBoolean).orElse(false), device.orElse(null),
            parseLimit(limit)))))));
  }

  private Route reportSignProblem(SignProblemRequest req, User user) {
    if (req.gateId() == null || layout.gates().stream().noneMatch(g -> g.id().equals(req.gateId()))) {
      return complete(StatusCodes.BAD_REQUEST, "unknown gate " + req.gateId());
    }
    String detail = req.detail() == null || req.detail().isBlank() ? "sign problem reported" : req.detail();
    return json(store.run(() -> {
      Instant from = Instant.now();
      // the control room suspends the gate; withdrawing cases is for operations
      signProblems.report(req.gateId(), from, detail, user.name(), user.hasAnyOf(List.of(Role.OPERATIONS)));
      long id = store.incidents.open(ControlRoomStore.SIGN_PROBLEM, "gate", req.gateId(), from, detail,
          user.name());
      return store.incidents.find(id).orElseThrow();
    }));
  }

  private Route cameraActions(String cameraId) {
    ActorRef<Camera.Command> camera = devices.cameras().get(cameraId);
    if (camera == null) {
      // Not running anywhere now (starting, or its node lost): left to the other routes, else a 404.
      return reject();
    }
    return concat(
        path("enabled", () -> post(() -> access.require(Role.OPERATIONS, user ->
            accessLog.logged(user, "camera:" + cameraId, () ->
                entity(Jackson.unmarshaller(Json.MAPPER, EnabledRequest.class), req -> json(
                    AskPattern.<Camera.Command, StatusReply<Camera.Status>>ask(camera,
                        r -> new Camera.SetEnabled(req.enabled(), r), askTimeout, system.scheduler())
                        .thenApply(StatusReply::getValue))))))),
        path("sites", () -> get(() -> access.require(Access.READ_DEVICES, user -> json(
            AskPattern.ask(camera, Camera.GetStatus::new, askTimeout, system.scheduler())
                .thenApply(Camera.Status::siteHistory))))),
        path("site", () -> post(() -> access.require(Role.OPERATIONS, user -> accessLog.logged(user,
            "camera:" + cameraId, () -> entity(Jackson.unmarshaller(Json.MAPPER, SiteRequest.class), req -> {
              Site site;
              try {
                site = new Site(req.locationCode(), req.street(), req.direction(),
                    new GeoPoint(req.lat(), req.lon()), blankToNull(req.observationTemplate()));
              } catch (NullPointerException | IllegalArgumentException e) {
                return complete(StatusCodes.BAD_REQUEST, "a site needs locationCode, street, direction, lat, lon: "
                    + e.getMessage());
              }
              Instant from = Instant.now();
              return json(AskPattern.<Camera.Command, StatusReply<Camera.Status>>ask(camera,
                      r -> new Camera.MoveToSite(site, from, r), askTimeout, system.scheduler())
                  .thenApply(StatusReply::getValue)
                  .thenCompose(status -> store.run(() -> {
                    store.history.insert(new DeviceHistoryRepository.SiteMove(cameraId, site, from, user.name()));
                    return status;
                  })));
            }))))));
  }

  private Route enforcementWindows(String zoneId) {
    Optional<ZoneDefinition> zone = layout.zones().stream().filter(z -> z.id().equals(zoneId)).findFirst();
    if (zone.isEmpty()) {
      return complete(StatusCodes.NOT_FOUND, "no zone " + zoneId);
    }
    return concat(
        get(() -> access.require(Access.READ_DEVICES, user ->
            json(CompletableFuture.completedFuture(schedules.windows(zone.get()))))),
        put(() -> access.require(Role.OPERATIONS, user -> accessLog.logged(user, "zone:" + zoneId, () ->
            entity(Jackson.unmarshaller(Json.MAPPER, ZoneSchedules.Window[].class), windows ->
                json(store.run(() -> {
                  schedules.set(zone.get(), List.of(windows), user.name());
                  return schedules.windows(zone.get());
                })))))));
  }

  /** 200 with JSON; a failure answered by {@link #ERRORS}. */
  private static <T> Route json(CompletionStage<T> result) {
    return onSuccess(result, value ->
        complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.write(value)))));
  }

  private static int parseLimit(Optional<String> limit) {
    return limit.map(Integer::parseInt).map(l -> Math.max(1, Math.min(l, 1000))).orElse(100);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
