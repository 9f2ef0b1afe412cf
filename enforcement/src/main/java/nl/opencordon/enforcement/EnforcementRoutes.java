package nl.opencordon.enforcement;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromFile;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.integerSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.longSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import nl.opencordon.domain.Json;
import nl.opencordon.security.Access;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.Role;
import nl.opencordon.security.User;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.RuleSources;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.store.CaseFile;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcement chain over HTTP, under {@code /api/enforcement}: officers (OFFICER) review cases, export
 * CJIB batches and print warning letters; operations (OPERATIONS) report sign problems and log the schouw.
 * Every answer that shows a plate, an image or an address is written to the access log first, and so is
 * every change operations make (the audit trail of the operations page).
 */
public final class EnforcementRoutes extends OfficeRoutes {
  private static final Logger log = LoggerFactory.getLogger(EnforcementRoutes.class);
  /** An address list that does not parse is the caller's mistake; a placeholder offence code blocks the export. */
  private static final ExceptionHandler ERRORS = HttpErrors.handler(log, Map.of(
      WarningLetters.InvalidAddressListException.class, StatusCodes.BAD_REQUEST,
      EnforcementSettings.PlaceholderOffenceCodeException.class, StatusCodes.CONFLICT));
  private static final List<Role> OFFICERS = List.of(Role.OFFICER);
  private static final List<Role> OPERATIONS = List.of(Role.OPERATIONS);
  private static final List<Role> OFFICERS_AND_OPERATIONS = List.of(Role.OFFICER, Role.OPERATIONS);

  public record EvidenceView(String url, String sha256, String mediaType) {}

  /**
   * A case as the review screen shows it: local time, site and filled-in second observation text, and the
   * verdict's rule, its reason with the facts used (English, as recorded), the rule's Dutch text for the
   * screen (null for a rule without one) and its source; the category the camera saw (null when it gave
   * none) next to the one the register's EU category stands for, the camera's read confidence (0..1,
   * null for cases from before it was kept), and where the vehicle was seen (a scan car's position as it sent
   * it; null for older cases). The facts carry RDW's make, model name and colour. {@code missingPicture} when
   * the case has no camera picture (none came, or one could not be fetched) and so cannot be approved (never in
   * the demo, whose placeholder is allowed).
   */
  public record ReviewItem(String caseId, String kind, String status, String zoneId, String plate, String country,
                    OffsetDateTime localTime, String cameraId, String source, String locationCode, String street,
                    String direction, String observationText, String ruleId, String reason, String ruleSource,
                    JsonNode vehicleFacts, List<EvidenceView> evidence, String reviewedBy, Instant reviewedAt,
                    String firstApprovedBy, String seenCategory, String registerCategory, String reasonDutch,
                    Double readConfidence, GeoPoint position, boolean missingPicture) {
    /** @param placeholderAllowed whether a case without a camera picture may be approved (the demo) */
    public static ReviewItem of(CaseFile f, boolean placeholderAllowed) {
      CaseRecord r = f.record();
      List<EvidenceView> evidence = new ArrayList<>();
      for (int i = 0; i < f.evidence().size(); i++) {
        evidence.add(new EvidenceView("/api/enforcement/cases/" + r.caseId() + "/evidence/" + i,
            f.evidence().get(i).sha256(), f.evidence().get(i).mediaType()));
      }
      JsonNode facts;
      try {
        facts = Json.MAPPER.readTree(r.vehicleFactsJson());
      } catch (IOException e) {
        throw new IllegalStateException("vehicle facts of case " + r.caseId() + " are not JSON", e);
      }
      return new ReviewItem(r.caseId(), r.kind(), r.status(), r.zoneId(), Plate.of(r.plate(), r.country()).display(),
          r.country(), r.observedAt().atZone(Passage.LOCAL).toOffsetDateTime(), r.cameraId(), r.source(),
          r.locationCode(), r.street(), r.direction(), r.observationText(), r.ruleId(), r.reason(),
          RuleSources.of(r.ruleId()), facts, evidence, f.reviewedBy(), f.reviewedAt(), f.firstApprovedBy(),
          r.seenCategory(), VehicleCategory.fromEuCategory(facts.path("euCategory").asText("")).name(),
          RuleSources.dutch(r.ruleId()).orElse(null), r.readConfidence(), r.position(),
          !f.hasRealPicture() && !placeholderAllowed);
    }
  }

  record DismissRequest(String reason) {}

  record SignProblemRequest(String gateId, Instant from, String description) {}

  record InspectionRequest(String gateId, Instant inspectedAt, boolean signsOk, String notes) {}

  record Outcome(String caseId, Review.Result result) {}

  private final Enforcement enforcement;

  EnforcementRoutes(Enforcement enforcement, Access access, AccessLog accessLog, Executor blocking) {
    super(access, accessLog, blocking);
    this.enforcement = enforcement;
  }

  @Override
  Route routes() {
    return handleExceptions(ERRORS, () -> pathPrefix("api", () -> pathPrefix("enforcement", () -> concat(
        path("queue", () -> get(() -> access.require(OFFICERS, user -> accessLog.logged(user, "cases:OPEN", () ->
            run(() -> json(enforcement.review().queue().stream().map(this::item).toList())))))),
        pathPrefix("cases", () -> pathPrefix(segment(), this::caseRoutes)),
        path("cjib-batches", () -> post(() -> access.require(OFFICERS, user -> run(() ->
            enforcement.cjib().export(user.name()).map(b -> json(StatusCodes.CREATED, b))
                .orElseGet(() -> complete(StatusCodes.NO_CONTENT)))))),
        path("naw-batches", () -> post(() -> access.require(OFFICERS, user -> run(() ->
            enforcement.letters().exportPlates(user.name()).map(b -> json(StatusCodes.CREATED, b))
                .orElseGet(() -> complete(StatusCodes.NO_CONTENT)))))),
        path("letters", () -> post(() -> access.require(OFFICERS, user ->
            entity(Unmarshaller.entityToString(), csv -> printLetters(csv, user))))),
        path("batches", () -> get(() -> access.require(OFFICERS_AND_OPERATIONS, user ->
            parameterOptional("kind", kind -> run(() -> json(enforcement.repository().batches(kind.orElse(null)))))))),
        path(segment("batches").slash(segment()).slash("file"), batchId -> get(() -> access.require(OFFICERS, user ->
            run(() -> enforcement.repository().batch(batchId).filter(b -> b.fileDeletedAt() == null)
                .map(b -> accessLog.logged(user, "batch:" + batchId, () ->
                    getFromFile(enforcement.batchFile(b.fileName()).toFile(), contentType(b.fileName()))))
                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, "no batch file " + batchId)))))),
        path("work-today", () -> get(() -> access.require(OFFICERS, user ->
            run(() -> json(enforcement.review().today(user.name())))))),
        path("counters", () -> get(() -> access.require(OFFICERS_AND_OPERATIONS, user ->
            run(() -> json(enforcement.repository().counters()))))),
        signRoutes(),
        erasureRoutes()))));
  }

  /**
   * Four eyes before decided cases are erased: the pending requests of sign problems and detours, and their
   * confirmation or rejection by a second person (an officer or operations, never the one who asked).
   */
  private Route erasureRoutes() {
    return concat(
        path("erasure-requests", () -> get(() -> access.require(OFFICERS_AND_OPERATIONS, user ->
            run(() -> json(enforcement.erasureRequests().pending()))))),
        path(segment("erasure-requests").slash(longSegment()).slash("confirm"), id -> post(() ->
            access.require(OFFICERS_AND_OPERATIONS, user -> accessLog.logged(user, "erasure-request:" + id, () ->
                run(() -> decision(enforcement.erasureRequests().confirm(id, user.name()))))))),
        path(segment("erasure-requests").slash(longSegment()).slash("reject"), id -> post(() ->
            access.require(OFFICERS_AND_OPERATIONS, user -> accessLog.logged(user, "erasure-request:" + id, () ->
                run(() -> decision(enforcement.erasureRequests().reject(id, user.name()))))))));
  }

  private static Route decision(ErasureRequests.Decision d) {
    return switch (d.outcome()) {
      case CONFIRMED, REJECTED -> json(d);
      case NOT_FOUND -> complete(StatusCodes.NOT_FOUND, "no such erasure request");
      case DECIDED_ALREADY -> json(StatusCodes.CONFLICT, d);
      case SAME_PERSON -> complete(StatusCodes.FORBIDDEN, "a second person must decide this erasure request");
    };
  }

  private ReviewItem item(CaseFile f) {
    return ReviewItem.of(f, enforcement.settings().placeholderEvidence());
  }

  private Route printLetters(String csv, User user) {
    return run(() -> json(StatusCodes.CREATED, enforcement.letters().printLetters(new StringReader(csv), user.name())));
  }

  private Route caseRoutes(String caseId) {
    return concat(
        pathEnd(() -> get(() -> access.require(OFFICERS, user -> accessLog.logged(user, caseId, () -> run(() ->
            enforcement.review().find(caseId).map(f -> json(item(f)))
                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, "no case " + caseId))))))),
        path(segment("evidence").slash(integerSegment()), n -> get(() -> access.require(OFFICERS, user ->
            accessLog.logged(user, caseId, () -> run(() -> enforcement.review().evidence(caseId, n)
                .map(image -> evidence(caseId, n, image))
                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, "no evidence " + n + " of case " + caseId))))))),
        path("approve", () -> post(() -> access.require(OFFICERS, user ->
            run(() -> outcome(caseId, enforcement.review().approve(caseId, user.name())))))),
        path("dismiss", () -> post(() -> access.require(OFFICERS, user ->
            entity(Jackson.unmarshaller(Json.MAPPER, DismissRequest.class), req ->
                enforcement.quality().reason(req.reason()).isEmpty()
                ? complete(StatusCodes.BAD_REQUEST, "a reason is required: one of "
                    + enforcement.quality().dismissalReasons().stream().map(QualitySettings.DismissalReason::code).toList())
                : run(() -> outcome(caseId, enforcement.review().dismiss(caseId, user.name(), req.reason()))))))));
  }

  private Route signRoutes() {
    return concat(
        path("sign-problems", () -> concat(
            post(() -> access.require(OPERATIONS, user -> accessLog.logged(user, "sign-problems", () ->
                entity(Jackson.unmarshaller(Json.MAPPER, SignProblemRequest.class), req -> req.gateId() == null
                    || req.from() == null ? complete(StatusCodes.BAD_REQUEST, "gateId and from are required")
                    : run(() -> json(StatusCodes.CREATED, enforcement.signs().report(req.gateId(), req.from(),
                        req.description() == null ? "" : req.description(), user.name()))))))),
            get(() -> access.require(OFFICERS_AND_OPERATIONS, user -> parameterOptional("gate", gate ->
                run(() -> json(enforcement.signs().problems(gate.orElse(null))))))))),
        path(segment("sign-problems").slash(longSegment()).slash("resolve"), id -> post(() ->
            access.require(OPERATIONS, user -> accessLog.logged(user, "sign-problem:" + id, () ->
                run(() -> enforcement.signs().resolve(id)
                    ? json(enforcement.signs().problems(null).stream().filter(p -> p.id() == id).findFirst().orElseThrow())
                    : complete(StatusCodes.CONFLICT, "sign problem " + id + " is not open")))))),
        path("inspections", () -> concat(
            post(() -> access.require(OPERATIONS, user -> accessLog.logged(user, "inspections", () ->
                entity(Jackson.unmarshaller(Json.MAPPER, InspectionRequest.class), req -> req.gateId() == null
                    ? complete(StatusCodes.BAD_REQUEST, "gateId is required")
                    : run(() -> json(StatusCodes.CREATED, enforcement.signs().inspect(req.gateId(),
                        req.inspectedAt() == null ? Instant.now() : req.inspectedAt(), user.name(), req.signsOk(),
                        req.notes() == null ? "" : req.notes()))))))),
            get(() -> access.require(OFFICERS_AND_OPERATIONS, user -> parameterOptional("gate", gate ->
                run(() -> json(enforcement.signs().inspections(gate.orElse(null))))))))));
  }

  /**
   * A picture as a download the browser never takes for a page: its stored type (proved by its bytes at ingest),
   * no sniffing, a file name, and no scripts even if it were a document.
   */
  private static Route evidence(String caseId, int position, EvidenceSource.Image image) {
    String extension = image.mediaType().equals("image/png") ? ".png" : image.mediaType().equals("image/jpeg")
        ? ".jpg" : ".svg";
    String name = caseId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + position + extension;
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.parse(image.mediaType()), image.content()))
        .addHeaders(List.of(RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Content-Disposition", "inline; filename=\"" + name + "\""),
            RawHeader.create("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox"))));
  }

  private static Route outcome(String caseId, Review.Result result) {
    boolean refused = result == Review.Result.NOT_OPEN || result == Review.Result.NEEDS_OTHER_OFFICER
        || result == Review.Result.EXEMPTED || result == Review.Result.NO_REAL_PICTURE;
    return json(refused ? StatusCodes.CONFLICT : StatusCodes.OK, new Outcome(caseId, result));
  }

  private static ContentType contentType(String fileName) {
    return fileName.endsWith(".pdf") ? ContentTypes.create(MediaTypes.APPLICATION_PDF)
        : fileName.endsWith(".csv") ? ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8)
        : ContentTypes.APPLICATION_JSON;
  }

  private static Route json(Object value) {
    return json(StatusCodes.OK, value);
  }
}
