package nl.opencordon.insight;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
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
import static org.apache.pekko.http.javadsl.server.PathMatchers.longSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Site;
import nl.opencordon.insight.reports.Reports;
import nl.opencordon.insight.rotation.Rotation;
import nl.opencordon.insight.stats.TrafficStatistics;
import nl.opencordon.insight.traffic.TrafficWatch;
import nl.opencordon.persistence.Jdbc;
import nl.opencordon.security.Access;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Insight over HTTP: the page {@code /insight} with its chart library, and under {@code /api/insight} the
 * pseudonymised statistics (CSV or JSON), traffic anomalies, the rotation plan of mobile cameras and the
 * monthly management reports. The control room and operations read; operations plan; both make reports.
 */
final class InsightRoutes {
  private static final Logger log = LoggerFactory.getLogger(InsightRoutes.class);
  private static final List<Role> READERS = List.of(Role.CONTROL_ROOM, Role.OPERATIONS);
  private static final List<Role> PLANNERS = List.of(Role.OPERATIONS);

  record VisitRequest(String cameraId, String locationCode, String street, String direction, Double lat, Double lon,
                      String observationTemplate, Instant startsAt, Instant endsAt) {}

  private final ActorSystem<?> system;
  private final ActorRef<TrafficStatistics.Command> statistics;
  private final ActorRef<TrafficWatch.Command> watch;
  private final Rotation rotation;
  private final Reports reports;
  private final Access access;
  private final Executor blocking;
  private final Duration askTimeout;
  private final String chartJsVersion;

  InsightRoutes(ActorSystem<?> system, ActorRef<TrafficStatistics.Command> statistics,
                ActorRef<TrafficWatch.Command> watch, Rotation rotation, Reports reports,
                Access access, Executor blocking, Duration askTimeout, String chartJsVersion) {
    this.system = system;
    this.statistics = statistics;
    this.watch = watch;
    this.rotation = rotation;
    this.reports = reports;
    this.access = access;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
    this.chartJsVersion = chartJsVersion;
  }

  Route routes() {
    return handleExceptions(HttpErrors.handler(log), () -> concat(
        pathPrefix("insight", () -> concat(
            pathEndOrSingleSlash(() -> get(() -> getFromResource("web/insight/index.html", ContentTypes.TEXT_HTML_UTF8))),
            pathPrefix("assets", () -> get(() -> getFromResourceDirectory("web/insight"))),
            pathPrefix("lib", () -> pathPrefix("chart.js", () -> get(() -> getFromResourceDirectory(
                "META-INF/resources/webjars/chart.js/" + chartJsVersion + "/dist")))))),
        pathPrefix("api", () -> pathPrefix("insight", () -> concat(
            pathPrefix("statistics", this::statistics),
            path("anomalies", () -> get(() -> access.require(READERS, user -> json(
                AskPattern.ask(watch, TrafficWatch.GetAnomalies::new, askTimeout, system.scheduler())
                    .thenApply(TrafficWatch.Anomalies::anomalies))))),
            pathPrefix("rotation", this::rotation),
            pathPrefix("reports", this::reports))))));
  }

  private Route statistics() {
    return parameterOptional("from", from -> parameterOptional("to", to -> parameterOptional("format", format -> {
      LocalDate today = LocalDate.now(reports.zone());
      LocalDate first;
      LocalDate last;
      try {
        first = from.map(LocalDate::parse).orElse(today);
        last = to.map(LocalDate::parse).orElse(first);
      } catch (DateTimeParseException e) {
        return complete(StatusCodes.BAD_REQUEST, "dates are yyyy-MM-dd: " + e.getParsedString());
      }
      boolean csv = format.map("csv"::equals).orElse(false);
      return concat(
          path("hourly", () -> get(() -> access.require(READERS, user -> answer(csv,
              AskPattern.<TrafficStatistics.Command, TrafficStatistics.Hourly>ask(statistics,
                  r -> new TrafficStatistics.GetHourly(first, last, r), askTimeout, system.scheduler()),
              h -> table(List.of("gate", "hour", "category", "fuel", "euro_class", "passages"),
                  h.cells().stream().map(c -> List.<Object>of(c.gateId(), c.hour(), c.category(), c.fuel(),
                      c.euroClass(), c.passages())).toList()))))),
          path("origin-destination", () -> get(() -> access.require(READERS, user -> answer(csv,
              AskPattern.<TrafficStatistics.Command, TrafficStatistics.OriginDestination>ask(statistics,
                  r -> new TrafficStatistics.GetOriginDestination(first, last, r), askTimeout, system.scheduler()),
              od -> table(List.of("day", "from_gate", "to_gate", "trips", "median_dwell_s", "mean_dwell_s"),
                  od.cells().stream().map(c -> List.<Object>of(c.day(), c.fromGate(), c.toGate(), c.trips(),
                      c.medianDwellSeconds(), c.meanDwellSeconds())).toList()))))));
    })));
  }

  private <T> Route answer(boolean csv, CompletionStage<T> result, Function<T, String> asCsv) {
    if (!csv) {
      return json(result);
    }
    return onSuccess(result, r -> complete(HttpResponse.create().withEntity(HttpEntities.create(
        ContentTypes.TEXT_CSV_UTF8, asCsv.apply(r)))));
  }

  private static String table(List<String> header, List<List<Object>> rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
        .build())) {
      for (List<Object> row : rows) {
        csv.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private Route rotation() {
    return concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> access.require(READERS, user -> parameterOptional("from", from -> parameterOptional("to", to -> {
              LocalDate first;
              LocalDate last;
              try {
                first = from.map(LocalDate::parse).orElse(LocalDate.now(reports.zone()).withDayOfMonth(1));
                last = to.map(LocalDate::parse).orElse(first.plusMonths(3));
              } catch (DateTimeParseException e) {
                return complete(StatusCodes.BAD_REQUEST, "dates are yyyy-MM-dd: " + e.getParsedString());
              }
              return json(blocking(() -> rotation.overview(first, last)));
            })))),
            post(() -> access.require(PLANNERS, user ->
                entity(Jackson.unmarshaller(Json.MAPPER, VisitRequest.class), req -> {
                  Site site;
                  try {
                    site = new Site(req.locationCode(), req.street(), req.direction(),
                        new GeoPoint(req.lat(), req.lon()), blankToNull(req.observationTemplate()));
                    if (req.cameraId() == null || req.startsAt() == null || req.endsAt() == null) {
                      throw new IllegalArgumentException("cameraId, startsAt and endsAt are required");
                    }
                  } catch (NullPointerException | IllegalArgumentException e) {
                    return complete(StatusCodes.BAD_REQUEST, "a visit needs cameraId, startsAt, endsAt and a site"
                        + " (locationCode, street, direction, lat, lon): " + e.getMessage());
                  }
                  return onSuccess(blocking(() -> rotation.plan(req.cameraId(), site, req.startsAt(), req.endsAt(),
                      user.name())), plan -> plan.planned().isPresent() ? jsonNow(StatusCodes.CREATED, plan.planned().get())
                      : complete(StatusCodes.CONFLICT, plan.refusal()));
                }))))),
        path(longSegment().slash("cancel"), id -> post(() -> access.require(PLANNERS, user ->
            onSuccess(blocking(() -> rotation.cancel(id, user.name())), cancelled -> cancelled
                ? complete(StatusCodes.NO_CONTENT)
                : complete(StatusCodes.CONFLICT, "visit " + id + " is not planned (any more)"))))));
  }

  private Route reports() {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> access.require(READERS, user ->
            json(blocking(() -> reports.stored().list()))))),
        path(segment(), name -> {
          Optional<YearMonth> month = parseMonth(name.replaceAll("\\.(pdf|csv)$", ""));
          if (month.isEmpty()) {
            return complete(StatusCodes.NOT_FOUND, "reports are named yyyy-MM, yyyy-MM.pdf or yyyy-MM.csv");
          }
          if (name.endsWith(".pdf")) {
            return get(() -> access.require(READERS, user -> file(blocking(() -> reports.stored().pdf(month.get())),
                bytes -> HttpEntities.create(ContentTypes.create(MediaTypes.APPLICATION_PDF), bytes), name)));
          }
          if (name.endsWith(".csv")) {
            return get(() -> access.require(READERS, user -> file(blocking(() -> reports.stored().csv(month.get())),
                text -> HttpEntities.create(ContentTypes.TEXT_CSV_UTF8, text), name)));
          }
          return post(() -> access.require(READERS, user ->
              json(blocking(() -> reports.make(month.get(), user.name())))));
        }));
  }

  private <T> Route file(CompletionStage<Optional<T>> content,
                         Function<T, org.apache.pekko.http.javadsl.model.ResponseEntity> entity, String name) {
    return onSuccess(content, found -> found.isEmpty() ? complete(StatusCodes.NOT_FOUND, "no report " + name)
        : complete(HttpResponse.create().withEntity(entity.apply(found.get())).addHeader(
            ContentDisposition.create(ContentDispositionTypes.ATTACHMENT, java.util.Map.of("filename",
                "managementrapportage-" + name)))));
  }

  private static Optional<YearMonth> parseMonth(String s) {
    try {
      return Optional.of(YearMonth.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private <T> CompletionStage<T> blocking(Jdbc.Call<T> call) {
    return Jdbc.async(blocking, call);
  }

  private static Route json(CompletionStage<?> value) {
    return onSuccess(value, v -> jsonNow(StatusCodes.OK, v));
  }

  private static Route jsonNow(org.apache.pekko.http.javadsl.model.StatusCode status, Object value) {
    return complete(status, value, Jackson.marshaller(Json.MAPPER));
  }
}
