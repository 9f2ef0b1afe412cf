package nl.opencordon.controller.enforcement;

import nl.opencordon.enforcement.*;
import static nl.opencordon.controller.enforcement.EnforcementCity.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.junit.jupiter.api.Test;

/**
 * The chain from zone decision to CJIB on a real controller and PostgreSQL: the review queue, concurrent
 * officers, dismissal that deletes, the export file, a restart in the middle, and vehicles that must leave
 * no trace. Each test uses its own plates and local day.
 */
class EnforcementChainIT extends WithEnforcementCity {
  @Test
  void theReviewQueueShowsTheCaseWithItsEvidenceSiteAndSecondObservation() throws Exception {
    Plate plate = city.van("VR-001-B");
    city.pass("ze-1", plate, local("2025-04-01T08:15:30"));
    CaseFile file = city.openCaseOf(plate);

    assertEquals("H-01", file.record().locationCode());
    assertEquals("Ik zag dat het voertuig reed op de Weerdsingel, richting zuid, en de zone binnenreed.",
        file.record().observationText());
    assertEquals("ZE-3", file.record().ruleId());
    assertEquals("N1", Json.MAPPER.readTree(file.record().vehicleFactsJson()).get("euCategory").asText());
    // The evidence lies in the evidence store, not in the row, and matches the hash recorded in the case.
    assertEquals(1, file.evidence().size());
    byte[] image = city.enforcement().evidence().get(file.evidence().get(0));
    assertEquals(file.evidence().get(0).sha256(), StoredEvidence.sha256(image));
    assertEquals("image/svg+xml", file.evidence().get(0).mediaType(), "the simulated camera's placeholder");

    EnforcementRoutes.ReviewItem item = EnforcementRoutes.ReviewItem.of(file, true);
    assertEquals("VR-001-B", item.plate());
    assertEquals("2025-04-01T08:15:30+02:00", item.localTime().toString());
    // The officer sees why: the rule, the facts it used and where the rule comes from.
    assertTrue(item.reason().contains("facts: N1 bedrijfsauto"), item.reason());
    assertTrue(item.ruleSource().contains("art 86e"), item.ruleSource());
    // ... in Dutch on the screen, the English reason staying in the record
    assertEquals("Bedrijfsauto met emissieklasse 4 of lager: geen overgangsregeling, geen toegang.", item.reasonDutch());
    assertTrue(file.record().reason().startsWith("bedrijfsauto with emission class 4"), file.record().reason());
    // and what lets a reviewer spot a misread: make, model and colour from RDW, and how sure the camera was
    assertEquals(List.of("VOLKSWAGEN", "TRANSPORTER", "WIT"), List.of(item.vehicleFacts().path("make").asText(),
        item.vehicleFacts().path("model").asText(), item.vehicleFacts().path("colour").asText()));
    assertEquals(0.95, file.record().readConfidence());
    assertEquals(0.95, item.readConfidence());
  }

  @Test
  void aDismissedCaseIsDeletedWithItsEvidenceAndItsPlateLeavesTheJournal() throws Exception {
    Plate plate = city.van("VR-002-B");
    city.pass("ze-1", plate, local("2025-04-03T10:00"));
    CaseFile file = city.openCaseOf(plate);
    String evidenceRef = file.evidence().get(0).ref();
    assertTrue(city.evidenceRefs().contains(evidenceRef));
    assertTrue(city.journalPayloads().stream().anyMatch(p -> p.contains(plate.text())));
    int events = city.journalPayloads().size();

    assertEquals(Review.Result.DISMISSED,
        city.enforcement().review().dismiss(file.caseId(), "boa-a", "OTHER"));

    assertEquals(List.of(), city.caseIdsOf(plate));
    assertEquals(List.of(), city.query("SELECT ref FROM case_evidence WHERE case_id = '" + file.caseId() + "'"));
    assertFalse(city.evidenceRefs().contains(evidenceRef), "evidence still in the store");
    assertFalse(city.journalPayloads().stream().anyMatch(p -> p.contains(plate.text())), "plate still in the journal");
    assertEquals(events, city.journalPayloads().size(), "the event is rewritten, not removed");
    assertEquals(List.of(file.caseId()), city.query("SELECT case_id FROM case_tombstones WHERE case_id = '"
        + file.caseId() + "'"));
    assertTrue(city.enforcement().repository().counters().stream().anyMatch(c -> c.zoneId().equals("ze")
        && c.outcome().equals("DISMISSED:OTHER") && c.count() >= 1));
    // Reviewed once: a second dismissal or an approval finds nothing open.
    assertEquals(Review.Result.NOT_OPEN, city.enforcement().review().approve(file.caseId(), "boa-b"));
  }

  @Test
  void aRestartMidChainKeepsReviewsNeverFinesTwiceCatchesUpAndNeverResurrects() throws Exception {
    LocalDate day = LocalDate.of(2025, 4, 7);
    Plate approved = city.van("VR-005-B");
    Plate dismissed = city.van("VR-006-B");
    Plate lost = city.van("VR-007-B");
    city.pass("ze-1", approved, local(day + "T08:00"));
    city.pass("ze-1", dismissed, local(day + "T08:01"));
    city.pass("ze-1", lost, local(day + "T08:02"));
    String approvedId = city.openCaseOf(approved).caseId();
    String dismissedId = city.openCaseOf(dismissed).caseId();
    String lostId = city.openCaseOf(lost).caseId();
    city.enforcement().review().approve(approvedId, "boa-a");
    city.enforcement().review().dismiss(dismissedId, "boa-a", "OTHER");
    // As if the JVM died between the zone persisting the case and the projection writing the row and its
    // offset: the row is missing and the projections start over from the beginning of the journal.
    city.awaitProjected();
    city.query("DELETE FROM cases WHERE case_id = '" + lostId + "' RETURNING case_id");
    city.query("DELETE FROM pekko_projection_offset_store RETURNING projection_key");

    city.restart();
    city.awaitProjected();

    assertEquals(List.of("APPROVED"), city.query("SELECT status FROM cases WHERE case_id = '" + approvedId + "'"));
    assertEquals(List.of(), city.caseIdsOf(dismissed));
    CaseFile caughtUp = city.openCaseOf(lost);
    assertEquals(lostId, caughtUp.caseId());
    assertEquals(1, caughtUp.evidence().size());
    // The zones remember today's decisions across the restart: the same vans, seen again, are not fined again.
    city.pass("scan-1", approved, local(day + "T15:00"));
    city.pass("ze-1", dismissed, local(day + "T16:00"));
    assertEquals(List.of(approvedId), city.caseIdsOf(approved));
    assertEquals(List.of(), city.caseIdsOf(dismissed));
    // A second restart replays nothing twice.
    city.restart();
    city.awaitProjected();
    assertEquals(List.of(lostId), city.caseIdsOf(lost));
    Batch batch = city.enforcement().cjib().export("boa-a").orElseThrow();
    assertTrue(Files.readString(city.exportDir.resolve(batch.fileName())).contains(approvedId));
  }

  @Test
  void compliantExemptOutOfScopeAndUnknownVehiclesLeaveNothingAnywhere() throws Exception {
    Plate electric = city.vehicle("VR-008-B", "N1", Set.of(Fuel.ELECTRIC), "Z");
    Plate car = city.vehicle("VR-009-B", "M1", Set.of(Fuel.DIESEL), "4");
    Plate exempt = city.van("VR-010-B");
    city.exemptions.put(Exemption.forPlate("ex-it", "ze", exempt, LocalDate.of(2025, 1, 1),
        LocalDate.of(2025, 12, 31), "marktkraam"));
    Plate unknown = Plate.dutch("VR-011-B");
    Set<String> evidenceBefore = city.evidenceRefs();

    for (Plate p : List.of(electric, car, exempt, unknown)) {
      city.pass("ze-1", p, local("2025-04-08T12:00"));
      city.pass("scan-1", p, local("2025-04-08T13:00"));
    }
    city.awaitProjected();

    assertEquals(evidenceBefore, city.evidenceRefs(), "evidence was stored");
    List<String> tables = city.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        + " AND table_type = 'BASE TABLE'");
    assertTrue(tables.contains("cases") && tables.contains("event_journal") && tables.contains("snapshot"), tables::toString);
    List<String> everything = new ArrayList<>();
    for (String table : tables) {
      everything.addAll(city.query("SELECT t::text FROM " + table + " t"));
    }
    // Binary columns (journal, snapshots) are hex in the row text: read their bytes as they are.
    for (String column : city.query("SELECT table_name || '.' || column_name FROM information_schema.columns"
        + " WHERE table_schema = current_schema() AND data_type = 'bytea'")) {
      String[] tc = column.split("\\.");
      everything.addAll(city.binary("SELECT " + tc[1] + " FROM " + tc[0]));
    }
    for (Plate p : List.of(electric, car, exempt, unknown)) {
      String hash = EnforcementCity.HASHER.hash(p);
      assertFalse(everything.stream().anyMatch(r -> r.contains(p.text()) || r.contains(hash)), p + " found in the database");
    }
  }

  @Test
  void officersReviewOverHttpAndOthersMayNot() throws Exception {
    Plate plate = city.van("VR-012-B");
    city.pass("ze-1", plate, local("2025-04-09T09:30"));
    String caseId = city.openCaseOf(plate).caseId();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + city.controller.httpPort() + "/api/enforcement";

    HttpResponse<String> queue = http.send(request(base + "/queue", "officer").GET().build(), BodyHandlers.ofString());
    assertEquals(200, queue.statusCode());
    assertTrue(queue.body().contains("VR-012-B") && queue.body().contains("Weerdsingel"), queue.body());
    assertEquals(403, http.send(request(base + "/queue", "operations").GET().build(), BodyHandlers.ofString())
        .statusCode());
    assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/queue")).GET().build(),
        BodyHandlers.ofString()).statusCode());

    HttpRequest approve = request(base + "/cases/" + caseId + "/approve", "officer").POST(BodyPublishers.noBody()).build();
    assertEquals(200, http.send(approve, BodyHandlers.ofString()).statusCode());
    assertEquals(409, http.send(approve, BodyHandlers.ofString()).statusCode(), "a case is reviewed once");
    HttpResponse<byte[]> image = http.send(request(base + "/cases/" + caseId + "/evidence/0", "officer").GET().build(),
        BodyHandlers.ofByteArray());
    assertEquals(200, image.statusCode());
    assertEquals(city.enforcement().review().find(caseId).orElseThrow().evidence().get(0).sha256(),
        StoredEvidence.sha256(image.body()));
    assertEquals("nosniff", image.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertEquals("inline; filename=\"" + caseId + "-0.svg\"",
        image.headers().firstValue("Content-Disposition").orElseThrow());
  }

  /** The demo users of application.conf (password "demo-" + name). */
  private static HttpRequest.Builder request(String url, String user) {
    String basic = Base64.getEncoder().encodeToString((user + ":demo-" + user).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic);
  }
}
