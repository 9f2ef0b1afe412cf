package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The enforcement chain and its quality loop over HTTP on PostgreSQL, as a browser or API client with a password
 * reaches them: who may do what, the access log written before a plate or dossier is shown, the four eyes of an
 * erasure request, and which cases an objection outcome may be recorded for.
 */
class EnforcementRoutesIT {
  /** Before the doubt period of the sign problem one test reports, so the order of the tests does not matter. */
  private static final Instant BEFORE_THE_PROBLEM = Instant.now().minus(Duration.ofDays(3));
  @RegisterExtension
  static final OfficeOnHttp OFFICE = new OfficeOnHttp();

  private static EnforcementOnDatabase chain() {
    return OFFICE.chain();
  }

  @Test
  void onlyOfficersSeeTheQueueAndEachLookIsInTheAccessLog() throws Exception {
    chain().fine("c-queue", Plate.dutch("RO-001-B"), BEFORE_THE_PROBLEM);
    assertEquals(401, send("GET", "/queue", null, null).statusCode());
    assertEquals(403, send("GET", "/queue", "ops", null).statusCode());
    HttpResponse<String> queue = send("GET", "/queue", "boa", null);
    assertEquals(200, queue.statusCode());
    assertTrue(queue.body().contains("c-queue"), queue.body());
    assertEquals(List.of("boa/cases:OPEN"),
        chain().query("SELECT user_name || '/' || subject FROM access_log WHERE subject = 'cases:OPEN'"));
  }

  @Test
  void aDismissalNeedsAKnownReasonAndACaseIsDecidedOnce() throws Exception {
    chain().fine("c-decide", Plate.dutch("RO-002-B"), BEFORE_THE_PROBLEM.plusSeconds(1));
    assertEquals(400, send("POST", "/cases/c-decide/dismiss", "boa", "{\"reason\":\"GEEN_ZIN\"}").statusCode());
    assertEquals(403, send("POST", "/cases/c-decide/approve", "ops", "").statusCode());
    assertEquals(200, send("POST", "/cases/c-decide/approve", "boa", "").statusCode());
    HttpResponse<String> again = send("POST", "/cases/c-decide/dismiss", "boa-2", "{\"reason\":\"OTHER\"}");
    assertEquals(409, again.statusCode());
    assertEquals("NOT_OPEN", Json.MAPPER.readTree(again.body()).get("result").asText());
    assertEquals(List.of("APPROVED"), chain().query("SELECT status FROM cases WHERE case_id = 'c-decide'"));
  }

  @Test
  void anErasureRequestIsDecidedByASecondPersonOnly() throws Exception {
    chain().fine("c-erase", Plate.dutch("RO-003-B"), Instant.now().minus(Duration.ofMinutes(30)));
    assertEquals(200, send("POST", "/cases/c-erase/approve", "boa", "").statusCode());
    assertEquals(403, send("POST", "/sign-problems", "boa", "{\"gateId\":\"ze-in\",\"from\":\""
        + Instant.now() + "\"}").statusCode());
    HttpResponse<String> reported = send("POST", "/sign-problems", "ops", "{\"gateId\":\"ze-in\",\"from\":\""
        + Instant.now() + "\",\"description\":\"bord weg\"}");
    assertEquals(201, reported.statusCode(), reported.body());
    JsonNode request = Json.MAPPER.readTree(reported.body()).get("awaitingSecondPerson");
    assertTrue(request.toString().contains("c-erase"), reported.body());
    long id = request.get("id").asLong();

    assertEquals(403, send("POST", "/erasure-requests/" + id + "/confirm", "ops", "").statusCode());
    assertEquals(200, send("POST", "/erasure-requests/" + id + "/confirm", "boa", "").statusCode());
    assertEquals(409, send("POST", "/erasure-requests/" + id + "/reject", "boa-2", "").statusCode());
    assertEquals(404, send("POST", "/erasure-requests/" + (id + 100) + "/confirm", "boa", "").statusCode());
    assertEquals(List.of(), chain().query("SELECT status FROM cases WHERE case_id = 'c-erase'"));
  }

  @Test
  void theDossierIsForOfficersAndLoggedAndOutcomesCountOnlyForFinesSentToCjib() throws Exception {
    chain().fine("c-quality", Plate.dutch("RO-004-B"), BEFORE_THE_PROBLEM.plusSeconds(2));
    assertEquals(403, send("GET", "/cases/c-quality/dossier.pdf", "ops", null).statusCode());
    HttpResponse<String> pdf = send("GET", "/cases/c-quality/dossier.pdf", "boa", null);
    assertEquals(200, pdf.statusCode());
    assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(List.of("boa"), chain().query("SELECT user_name FROM access_log WHERE subject = 'dossier:c-quality'"));
    assertEquals(404, send("GET", "/cases/c-none/dossier.zip", "boa", null).statusCode());

    String objection = "{\"kind\":\"bezwaar\",\"result\":\"gegrond\"}";
    assertEquals(409, send("POST", "/cases/c-quality/outcomes", "boa", objection).statusCode());
    assertEquals(404, send("POST", "/cases/c-none/outcomes", "boa", objection).statusCode());
    assertEquals(400, send("POST", "/cases/c-quality/outcomes", "boa", "{\"kind\":\"klacht\",\"result\":\"gegrond\"}")
        .statusCode());
    assertEquals(200, send("POST", "/cases/c-quality/approve", "boa", "").statusCode());
    assertEquals(201, send("POST", "/cjib-batches", "boa", "").statusCode());
    assertEquals(201, send("POST", "/cases/c-quality/outcomes", "boa", objection).statusCode());
    assertEquals(409, send("POST", "/cases/c-quality/outcomes", "boa-2", objection).statusCode());
  }

  @Test
  void aCaseWhosePictureWasAlteredGetsAClearRefusalInsteadOfADossier() throws Exception {
    chain().fine("c-altered", Plate.dutch("RO-005-B"), BEFORE_THE_PROBLEM.plusSeconds(3));
    assertEquals(List.of("pg:"), chain().query("UPDATE evidence_objects SET content = content || '\\x00'::bytea "
        + "WHERE ref IN (SELECT ref FROM case_evidence WHERE case_id = 'c-altered') RETURNING left(ref, 3)"));

    Logger dossiers = (Logger) LoggerFactory.getLogger(CaseDossier.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    dossiers.addAppender(logged);
    try {
      for (String file : List.of("dossier.pdf", "dossier.zip")) {
        HttpResponse<String> refused = send("GET", "/cases/c-altered/" + file, "boa", null);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().startsWith("Foto 1 van zaak c-altered komt niet meer overeen met de SHA-256"),
            refused.body());
        assertTrue(refused.body().contains("geen dossier"), refused.body());
      }
    } finally {
      dossiers.detachAppender(logged);
    }
    // each refusal is an integrity incident in the log, with the case and no plate
    List<String> incidents = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR)
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(2, incidents.size(), incidents.toString());
    assertTrue(incidents.stream().allMatch(m -> m.startsWith("Integrity incident") && m.contains("case c-altered")
        && !m.contains("RO-005-B") && !m.contains("RO005B")), incidents.toString());
    assertEquals(List.of("boa", "boa"),
        chain().query("SELECT user_name FROM access_log WHERE subject = 'dossier:c-altered'"));
  }

  private HttpResponse<String> send(String method, String path, String user, String json) throws Exception {
    return OFFICE.send(method, "/api/enforcement" + path, user, json);
  }
}
