package nl.opencordon.controller.exemptions;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.io.StringReader;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.ZoneDefinition;
import nl.opencordon.persistence.exemptions.ExemptionCache;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import nl.opencordon.security.Access;
import nl.opencordon.security.BlockingRoutes;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.Role;
import nl.opencordon.security.User;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exemptions (ontheffingen) over HTTP for operations, under {@code /api/exemptions}: search, add or change,
 * end, remove, and import a CSV list with a report per line. PostgreSQL is the record; after each change this
 * node's {@link ExemptionCache} reloads at once, so its next passage sees it, and every other node's within
 * its refresh interval. Every request
 * is written to the access log first (exemptions hold plates), which makes it the audit trail of changes.
 */
public final class ExemptionRoutes {
  private static final Logger log = LoggerFactory.getLogger(ExemptionRoutes.class);
  /** A request without a field the exemption needs is the caller's mistake. */
  private static final ExceptionHandler ERRORS = HttpErrors.handler(log,
      Map.of(NullPointerException.class, StatusCodes.BAD_REQUEST));
  private static final List<Role> OPERATIONS = List.of(Role.OPERATIONS);

  /**
   * An exemption as sent by the page; the id comes from the path. {@code validFrom} and {@code validUntil} are
   * dates (whole days: "2026-12-06" until means up to 24:00 of that day) or local times in Europe/Amsterdam
   * ("2026-12-07T06:00", until: the first moment it no longer holds); {@code kind} DAY makes the ZE day
   * exemption of the date {@code validFrom} (00:00 until 06:00 the next day) and takes no {@code validUntil}.
   */
  record ExemptionRequest(String zoneId, String country, String plateFrom, String plateTo, Exemption.Kind kind,
                          String validFrom, String validUntil, String reason) {}

  /**
   * @param until a date (its last valid day) or a local time (the first moment it no longer holds); absent:
   *     now, so it no longer applies from this moment
   */
  record EndRequest(String until) {}

  /** One line of an imported list: stored, or why the whole list was refused. */
  record ImportLine(long line, String id, boolean ok, String message) {}

  record ImportReport(boolean stored, int count, List<ImportLine> lines) {}

  private final ExemptionRepository repository;
  private final ExemptionCache cache;
  private final Set<String> zones;
  private final Access access;
  private final AccessLog accessLog;
  private final Executor blocking;

  private ExemptionRoutes(ExemptionRepository repository, ExemptionCache cache, Set<String> zones,
                          Access access, AccessLog accessLog, Executor blocking) {
    this.repository = repository;
    this.cache = cache;
    this.zones = zones;
    this.access = access;
    this.accessLog = accessLog;
    this.blocking = blocking;
  }

  /** @param cache this node's copy for the gates, refreshed after each change made here */
  public static Route routes(ExemptionRepository repository, ExemptionCache cache, CityLayout layout,
                             Access access, AccessLog accessLog, Executor blocking) {
    Set<String> zones = layout.zones().stream().map(ZoneDefinition::id).collect(Collectors.toUnmodifiableSet());
    return new ExemptionRoutes(repository, cache, zones, access, accessLog, blocking).routes();
  }

  Route routes() {
    return handleExceptions(ERRORS, () -> pathPrefix("api", () -> pathPrefix("exemptions", () -> concat(
        pathEnd(() -> get(() -> access.require(OPERATIONS, user -> parameterOptional("q", q ->
            accessLog.logged(user, "exemptions:search", () -> run(() -> json(StatusCodes.OK, search(q)))))))),
        path("import", () -> post(() -> access.require(OPERATIONS, user ->
            entity(Unmarshaller.entityToString(), csv -> accessLog.logged(user, "exemptions:import", () ->
                run(() -> importCsv(csv, user))))))),
        pathPrefix(segment(), id -> concat(
            pathEnd(() -> concat(
                put(() -> access.require(OPERATIONS, user ->
                    entity(Jackson.unmarshaller(Json.MAPPER, ExemptionRequest.class), req ->
                        accessLog.logged(user, "exemption:" + id, () -> run(() -> save(id, req, user)))))),
                delete(() -> access.require(OPERATIONS, user -> accessLog.logged(user, "exemption:" + id, () ->
                    run(() -> remove(id, user))))))),
            path("end", () -> post(() -> access.require(OPERATIONS, user ->
                entity(Jackson.unmarshaller(Json.MAPPER, EndRequest.class), req ->
                    accessLog.logged(user, "exemption:" + id, () -> run(() -> end(id, req, user)))))))))))));
  }

  /** By id, plate (either end of a range, or inside it) or reason; all when {@code q} is empty. */
  private List<Exemption> search(Optional<String> q) throws SQLException {
    List<Exemption> all = repository.list();
    String term = q.map(s -> s.trim().toUpperCase(Locale.ROOT)).orElse("");
    if (term.isEmpty()) {
      return all;
    }
    String plate = term.replaceAll("[^A-Z0-9]", "");
    return all.stream().filter(e -> e.id().toUpperCase(Locale.ROOT).contains(term)
        || e.reason().toUpperCase(Locale.ROOT).contains(term)
        || (!plate.isEmpty() && (e.plateFrom().contains(plate) || e.plateTo().contains(plate)
            || (plate.length() == e.plateFrom().length() && plate.compareTo(e.plateFrom()) >= 0
                && plate.compareTo(e.plateTo()) <= 0)))).toList();
  }

  private Route save(String id, ExemptionRequest req, User user) throws SQLException {
    if (req.zoneId() == null || (!"*".equals(req.zoneId()) && !zones.contains(req.zoneId()))) {
      return complete(StatusCodes.BAD_REQUEST, "unknown zone " + req.zoneId() + ", expected one of " + zones + " or *");
    }
    Exemption e = Exemption.entered(id, req.zoneId(), req.country(), req.plateFrom(), req.plateTo(), req.kind(),
        req.validFrom(), req.validUntil(), req.reason() == null ? "" : req.reason());
    repository.add(e);
    cache.refresh();
    log.info("Exemption [{}] saved by [{}]", id, user.name());
    return json(StatusCodes.OK, e);
  }

  private Route end(String id, EndRequest req, User user) throws SQLException {
    Optional<Exemption> found = repository.list().stream().filter(e -> e.id().equals(id)).findFirst();
    if (found.isEmpty()) {
      return complete(StatusCodes.NOT_FOUND, "no exemption " + id);
    }
    Exemption e = found.get();
    LocalDateTime until = req.until() != null && !req.until().isBlank() ? Exemption.endOf(req.until())
        : LocalDateTime.now(Passage.LOCAL).truncatedTo(ChronoUnit.SECONDS);
    if (!until.isAfter(e.validFrom())) { // ended before it began: it never applies
      return remove(id, user);
    }
    Exemption ended = new Exemption(e.id(), e.zoneId(), e.country(), e.plateFrom(), e.plateTo(), e.validFrom(),
        until.isBefore(e.validUntil()) ? until : e.validUntil(), e.reason());
    repository.add(ended);
    cache.refresh();
    log.info("Exemption [{}] ends at {} by [{}]", id, ended.validUntil(), user.name());
    return json(StatusCodes.OK, ended);
  }

  private Route remove(String id, User user) throws SQLException {
    boolean removed = repository.remove(id);
    cache.refresh();
    if (!removed) {
      return complete(StatusCodes.NOT_FOUND, "no exemption " + id);
    }
    log.info("Exemption [{}] removed by [{}]", id, user.name());
    return complete(StatusCodes.NO_CONTENT);
  }

  private Route importCsv(String csv, User user) throws Exception {
    try {
      List<ExemptionRepository.Imported> stored = repository.importCsv(new StringReader(csv), zones);
      cache.refresh();
      log.info("{} exemptions imported by [{}]", stored.size(), user.name());
      return json(StatusCodes.OK, new ImportReport(true, stored.size(), stored.stream()
          .map(i -> new ImportLine(i.line(), i.exemption().id(), true, "opgeslagen")).toList()));
    } catch (ExemptionRepository.InvalidCsvException e) {
      List<ImportLine> lines = e.problems().stream().map(ExemptionRoutes::problemLine).toList();
      return json(StatusCodes.UNPROCESSABLE_ENTITY, new ImportReport(false, 0, lines));
    }
  }

  /** "line 4: unknown zone ..." as a line of the report. */
  private static ImportLine problemLine(String problem) {
    int colon = problem.indexOf(':');
    long line = problem.startsWith("line ") && colon > 5 ? Long.parseLong(problem.substring(5, colon)) : 0;
    return new ImportLine(line, null, false, colon > 0 ? problem.substring(colon + 1).trim() : problem);
  }

  /** Runs blocking work (JDBC) off the HTTP threads; invalid input is a 400 ({@link #ERRORS}). */
  private Route run(BlockingRoutes.Work work) {
    return BlockingRoutes.run(blocking, work);
  }

  private static Route json(StatusCode status, Object value) {
    return complete(status, value, Jackson.marshaller(Json.MAPPER));
  }
}
