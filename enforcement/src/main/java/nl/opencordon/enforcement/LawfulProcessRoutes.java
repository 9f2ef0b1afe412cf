package nl.opencordon.enforcement;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameter;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.longSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.net.InetAddress;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import nl.opencordon.domain.Json;
import nl.opencordon.security.Access;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.Role;
import nl.opencordon.security.User;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import java.sql.SQLException;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lawful process over HTTP. Under {@code /api/enforcement}: detours (operations declare, the control room
 * and officers list), site approvals and the sample package for the CVOM, and the schouw proces-verbaal. In
 * public, without login: the citizen's evidence page {@code /inzage} and {@code POST
 * /api/public/evidence-request}, rate-limited, access-logged, and answering a wrong case number and a wrong
 * plate alike (status, body, and no sooner than the configured answer time).
 */
final class LawfulProcessRoutes extends OfficeRoutes {
  private static final Logger log = LoggerFactory.getLogger(LawfulProcessRoutes.class);
  private static final List<Role> OPERATIONS = List.of(Role.OPERATIONS);
  private static final List<Role> OFFICERS_AND_OPERATIONS = List.of(Role.OFFICER, Role.OPERATIONS);
  private static final List<Role> WATCHERS = List.of(Role.OFFICER, Role.OPERATIONS, Role.CONTROL_ROOM);
  /** Who the access log names for a citizen's request: the public page has no login. */
  private static final User CITIZEN = new User("public:evidence-request", Set.of());
  static final String NOT_FOUND = "Bij dit zaaknummer en kenteken is geen bewijs te tonen. Controleer beide gegevens.";
  static final String TOO_MANY = "Het is nu te druk. Probeer het over een minuut opnieuw.";

  record DetourRequest(Set<String> gateIds, Instant from, Instant until, String reason) {}

  record ApprovalRequest(String reference, String locationCode) {}

  record EvidenceRequest(String caseNumber, String plate) {}

  record Refusal(String error) {}

  private final LawfulProcess lawful;

  LawfulProcessRoutes(LawfulProcess lawful, Access access, AccessLog accessLog, Executor blocking) {
    super(access, accessLog, blocking);
    this.lawful = lawful;
  }

  @Override
  Route routes() {
    return handleExceptions(HttpErrors.handler(log), () -> concat(
        path("inzage", () -> get(() -> getFromResource("nl/opencordon/enforcement/inzage.html",
            ContentTypes.TEXT_HTML_UTF8))),
        // the page's script and style are files, so its policy need not allow inline code
        path(segment("inzage").slash(segment(java.util.regex.Pattern.compile("inzage\\.(?:js|css)"))), file ->
            get(() -> getFromResource("nl/opencordon/enforcement/" + file))),
        pathPrefix("api", () -> concat(
            path(segment("public").slash("evidence-request"), () -> post(() -> client(address ->
                entity(Jackson.unmarshaller(Json.MAPPER, EvidenceRequest.class), req -> limited(address,
                    () -> evidenceRequest(req)))))),
            pathPrefix("enforcement", () -> concat(detourRoutes(), siteRoutes(), path(segment("inspections")
                .slash("report"), () -> get(() -> access.require(OFFICERS_AND_OPERATIONS, user ->
                parameter("month", month -> parameterOptional("gate", gate -> run(() -> complete(
                    HttpEntities.create(ContentTypes.create(MediaTypes.APPLICATION_PDF),
                        lawful.schouw().pdf(month(month), gate.orElse(null), user.name())))))))))))))));
  }

  private Route detourRoutes() {
    return concat(
        path("detours", () -> concat(
            get(() -> access.require(WATCHERS, user -> run(() -> json(StatusCodes.OK, lawful.detours().current())))),
            // a detour withdraws cases: in the access log like every other change that erases
            post(() -> access.require(OPERATIONS, user -> accessLog.logged(user, "detours", () ->
                entity(Jackson.unmarshaller(Json.MAPPER, DetourRequest.class), req -> req.gateIds() == null
                    || req.from() == null || req.until() == null
                ? complete(StatusCodes.BAD_REQUEST, "gateIds, from and until are required")
                : run(() -> json(StatusCodes.CREATED, lawful.detours().declare(req.gateIds(), req.from(), req.until(),
                    req.reason() == null ? "" : req.reason(), user.name()))))))))),
        path(segment("detours").slash(longSegment()).slash("end"), id -> post(() -> access.require(OPERATIONS,
            user -> accessLog.logged(user, "detour:" + id, () -> run(() -> lawful.detours().end(id)
                ? complete(StatusCodes.OK, "detour " + id + " ended")
                : complete(StatusCodes.CONFLICT, "detour " + id + " is not running")))))));
  }

  private Route siteRoutes() {
    return concat(
        path("sites", () -> get(() -> access.require(OFFICERS_AND_OPERATIONS, user ->
            run(() -> json(StatusCodes.OK, lawful.sites().sites()))))),
        path(segment("sites").slash(segment()).slash("approval"), camera -> concat(
            post(() -> access.require(OPERATIONS, user -> entity(Jackson.unmarshaller(Json.MAPPER,
                ApprovalRequest.class), req -> req.reference() == null || req.reference().isBlank()
                ? complete(StatusCodes.BAD_REQUEST, "reference (the CVOM's decision) is required")
                : run(() -> json(StatusCodes.OK, lawful.sites().approve(camera, req.locationCode(), req.reference(),
                    user.name())))))),
            delete(() -> parameterOptional("site", site -> access.require(OPERATIONS, user -> run(() ->
                lawful.sites().revoke(camera, site.orElse(null))
                ? complete(StatusCodes.NO_CONTENT) : complete(StatusCodes.NOT_FOUND, "site not approved"))))))),
        path(segment("sites").slash(segment()).slash("sample"), camera -> get(() -> access.require(OPERATIONS,
            user -> accessLog.logged(user, "site-sample:" + camera, () -> run(() -> complete(HttpEntities.create(
                ContentTypes.create(MediaTypes.APPLICATION_ZIP), lawful.sites().samplePackage(camera)))))))));
  }

  /**
   * The client's address: the TCP peer, or where the city's load balancer names the client in a header
   * ({@code client-address-header}, e.g. X-Forwarded-For), the last address in it, the one the balancer added.
   */
  private Route client(java.util.function.Function<String, Route> inner) {
    String header = lawful.settings().clientAddressHeader();
    return extractRequest(request -> inner.apply((header.isEmpty() ? Optional.<String>empty()
        : request.getHeader(header).map(h -> h.value().substring(h.value().lastIndexOf(',') + 1).trim()))
        .or(() -> request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress)
            .map(InetAddress::getHostAddress))
        .orElse("unknown")));
  }

  /** 429 beyond the cluster-wide limit of the client (and of all clients together), counted in PostgreSQL. */
  private Route limited(String client, java.util.function.Supplier<Route> inner) {
    return onSuccess(CompletableFuture.supplyAsync(() -> {
      try {
        return lawful.citizens().permit(client);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking), permitted -> permitted ? inner.get()
        : complete(StatusCodes.TOO_MANY_REQUESTS, new Refusal(TOO_MANY), Jackson.marshaller(Json.MAPPER)));
  }

  /**
   * Same status and body for any mismatch; every answer, found or not, waits until the answer time has passed
   * since the request came in. The access log gets the case number asked for, never the plate.
   */
  private Route evidenceRequest(EvidenceRequest req) {
    long start = System.nanoTime();
    String subject = "evidence-request:" + (req.caseNumber() == null ? "" : req.caseNumber().trim());
    CompletionStage<Optional<EvidenceRequests.Evidence>> found = accessLog.record(CITIZEN,
        "POST /api/public/evidence-request", subject.length() > 100 ? subject.substring(0, 100) : subject)
        .thenApplyAsync(done -> {
          try {
            return lawful.evidenceRequests().find(req.caseNumber(), req.plate());
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        }, blocking);
    long rest = lawful.settings().evidenceAnswerTime().toNanos();
    CompletionStage<Optional<EvidenceRequests.Evidence>> answered = found.thenCompose(result -> {
      long wait = Math.max(0, start + rest - System.nanoTime());
      return CompletableFuture.supplyAsync(() -> result, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS));
    });
    return onSuccess(answered, evidence -> evidence.map(e -> json(StatusCodes.OK, e))
        .orElseGet(() -> json(StatusCodes.NOT_FOUND, new Refusal(NOT_FOUND))));
  }

  private static YearMonth month(String month) {
    try {
      return YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("month must look like 2025-06, got '" + month + "'");
    }
  }
}
