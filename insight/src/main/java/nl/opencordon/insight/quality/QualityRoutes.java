package nl.opencordon.insight.quality;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import nl.opencordon.domain.Json;
import nl.opencordon.persistence.Jdbc;
import nl.opencordon.security.Access;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality page {@code /quality} (Dutch) and under {@code /api/insight} the rates per month and zone, rule,
 * gate or camera, and the ministry's monitoring figures of a period as CSV. Officers, operations and the control
 * room read; nothing here names a vehicle or a case. A failure is answered by {@link HttpErrors}.
 */
public final class QualityRoutes {
  private static final Logger log = LoggerFactory.getLogger(QualityRoutes.class);
  private static final List<Role> READERS = List.of(Role.OFFICER, Role.OPERATIONS, Role.CONTROL_ROOM);
  /** The columns of the ministry's monitoring figures (docs/quality.md). */
  static final List<String> FIGURE_COLUMNS = List.of("period_from", "period_to", "zone", "vehicle_category",
      "emission_class", "passages", "violations", "warnings", "fines");

  private final QualityRates rates;
  private final QualityRepository repository;
  private final Access access;
  private final Executor blocking;
  private final ZoneId zone;

  public QualityRoutes(QualityRates rates, QualityRepository repository, Access access, Executor blocking,
                       ZoneId zone) {
    this.rates = rates;
    this.repository = repository;
    this.access = access;
    this.blocking = blocking;
    this.zone = zone;
  }

  public Route routes() {
    return handleExceptions(HttpErrors.handler(log), () -> concat(
        pathPrefix("quality", () -> concat(
            pathEndOrSingleSlash(() -> get(() -> getFromResource("web/quality/index.html",
                ContentTypes.TEXT_HTML_UTF8))),
            pathPrefix("assets", () -> get(() -> getFromResourceDirectory("web/quality"))))),
        pathPrefix("api", () -> pathPrefix("insight", () -> concat(
            path("quality", () -> get(() -> access.require(READERS, user -> rates()))),
            path("monitoring-figures", () -> get(() -> access.require(READERS, user -> figures()))))))));
  }

  /** {@code ?from=yyyy-MM&to=yyyy-MM&by=zone|rule|gate|camera}; by default the last twelve months per camera. */
  private Route rates() {
    return parameterOptional("from", from -> parameterOptional("to", to -> parameterOptional("by", by -> {
      YearMonth last;
      YearMonth first;
      QualityRates.By grouping;
      try {
        last = to.map(YearMonth::parse).orElse(YearMonth.now(zone));
        first = from.map(YearMonth::parse).orElse(last.minusMonths(11));
        grouping = QualityRates.By.valueOf(by.orElse("camera").toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        return complete(StatusCodes.BAD_REQUEST, "from and to are yyyy-MM, by is zone, rule, gate or camera");
      }
      return onSuccess(Jdbc.async(blocking, () -> rates.rates(first, last, grouping)), found ->
          complete(StatusCodes.OK, found.stream().map(QualityRoutes::view).toList(), Jackson.marshaller(Json.MAPPER)));
    })));
  }

  /** A rate with its shares, as the page and the report show them. */
  record RateView(String month, String key, long cases, long finesSent, long dismissed, Map<String, Long> dismissedBy,
                  long withdrawn, long objections, long objectionsUpheld, long appeals, long appealsUpheld,
                  double dismissedShare, double withdrawnShare, double objectionsUpheldShare) {}

  private static RateView view(QualityRates.Rate r) {
    return new RateView(r.month().toString(), r.key(), r.cases(), r.finesSent(), r.dismissed(), r.dismissedBy(),
        r.withdrawn(), r.objections(), r.objectionsUpheld(), r.appeals(), r.appealsUpheld(), r.dismissedShare(),
        r.withdrawnShare(), r.objectionsUpheldShare());
  }

  /** {@code ?from=yyyy-MM-dd&to=yyyy-MM-dd}: one CSV for the period, both days included. */
  private Route figures() {
    return parameterOptional("from", from -> parameterOptional("to", to -> {
      LocalDate first;
      LocalDate last;
      try {
        first = LocalDate.parse(from.orElseThrow(() -> new IllegalArgumentException("from")));
        last = LocalDate.parse(to.orElseThrow(() -> new IllegalArgumentException("to")));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        return complete(StatusCodes.BAD_REQUEST, "from and to are required, as yyyy-MM-dd");
      }
      if (last.isBefore(first)) {
        return complete(StatusCodes.BAD_REQUEST, "to is before from");
      }
      CompletionStage<String> csv = Jdbc.async(blocking, () -> csv(first, last, repository.figures(first, last)));
      return onSuccess(csv, text -> complete(HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.TEXT_CSV_UTF8, text))
          .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT, Map.of("filename",
              "monitoring-ze-" + first + "-" + last + ".csv")))));
    }));
  }

  static String csv(LocalDate first, LocalDate last, List<QualityRepository.Figure> figures) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
        .setHeader(FIGURE_COLUMNS.toArray(String[]::new)).build())) {
      for (QualityRepository.Figure f : figures) {
        csv.printRecord(first, last, f.zoneId(), f.category(), f.emissionClass(), f.passages(), f.violations(),
            f.warnings(), f.fines());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
