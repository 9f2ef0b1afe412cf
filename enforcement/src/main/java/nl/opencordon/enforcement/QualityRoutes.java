package nl.opencordon.enforcement;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import nl.opencordon.domain.Json;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.Role;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verdict quality loop over HTTP, under {@code /api/enforcement} (officers): the dismissal reasons, a case's
 * objection and appeal outcomes (entered, or imported from the CVOM's CSV file), and its dossier as PDF or ZIP,
 * written to the access log before it is made.
 */
final class QualityRoutes extends OfficeRoutes {
  private static final Logger log = LoggerFactory.getLogger(QualityRoutes.class);
  private static final List<Role> OFFICERS = List.of(Role.OFFICER);
  /**
   * A CVOM file that does not parse is the sender's error (400), as invalid input is; a case whose picture was
   * altered in storage has no dossier (409, with the reason for the officer).
   */
  private static final ExceptionHandler ERRORS = HttpErrors.handler(log, Map.of(
      java.io.UncheckedIOException.class, StatusCodes.BAD_REQUEST,
      CaseDossier.AlteredPictureException.class, StatusCodes.CONFLICT));

  record DecisionRequest(String kind, String result) {}

  record Decision(String caseId, CaseOutcomes.Result result) {}

  private final Enforcement enforcement;

  QualityRoutes(Enforcement enforcement, Access access, AccessLog accessLog, Executor blocking) {
    super(access, accessLog, blocking);
    this.enforcement = enforcement;
  }

  @Override
  Route routes() {
    return handleExceptions(ERRORS, () -> pathPrefix("api", () -> pathPrefix("enforcement", () -> concat(
        path("dismissal-reasons", () -> get(() -> access.require(OFFICERS, user ->
            json(StatusCodes.OK, enforcement.quality().dismissalReasons())))),
        path(segment("outcomes").slash("import"), () -> post(() -> access.require(OFFICERS, user ->
            entity(Unmarshaller.entityToString(), csv -> run(() -> json(StatusCodes.OK,
                enforcement.outcomes().importCsv(new StringReader(csv), user.name()))))))),
        pathPrefix("cases", () -> pathPrefix(segment(), this::caseRoutes))))));
  }

  private Route caseRoutes(String caseId) {
    return concat(
        path("outcomes", () -> concat(
            get(() -> access.require(OFFICERS, user -> run(() ->
                json(StatusCodes.OK, enforcement.outcomes().ofCase(caseId))))),
            post(() -> access.require(OFFICERS, user ->
                entity(Jackson.unmarshaller(Json.MAPPER, DecisionRequest.class), req -> run(() ->
                    decision(caseId, enforcement.outcomes().decide(caseId, req.kind(), req.result(), user.name(),
                        "OFFICER")))))))),
        path("dossier.pdf", () -> dossier(caseId, true)),
        path("dossier.zip", () -> dossier(caseId, false)));
  }

  private static Route decision(String caseId, CaseOutcomes.Result r) {
    StatusCode status = switch (r) {
      case RECORDED -> StatusCodes.CREATED;
      case ALREADY, NOT_A_FINE_SENT -> StatusCodes.CONFLICT;
      case UNKNOWN_CASE -> StatusCodes.NOT_FOUND;
      case INVALID -> StatusCodes.BAD_REQUEST;
    };
    return json(status, new Decision(caseId, r));
  }

  private Route dossier(String caseId, boolean pdf) {
    return get(() -> access.require(OFFICERS, user -> accessLog.logged(user, "dossier:" + caseId, () -> run(() ->
        enforcement.dossiers().make(caseId, user.name()).map(files -> download(caseId, pdf ? files.pdf() : files.zip(),
                pdf ? ContentTypes.create(MediaTypes.APPLICATION_PDF) : ContentTypes.create(MediaTypes.APPLICATION_ZIP),
                pdf ? ".pdf" : ".zip"))
            .orElseGet(() -> complete(StatusCodes.NOT_FOUND, "no case " + caseId))))));
  }

  private static Route download(String caseId, byte[] content, ContentType type, String extension) {
    String name = "dossier-" + caseId.replaceAll("[^A-Za-z0-9._-]", "_") + extension;
    return complete(HttpResponse.create().withEntity(HttpEntities.create(type, content))
        .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + name + "\"")));
  }
}
