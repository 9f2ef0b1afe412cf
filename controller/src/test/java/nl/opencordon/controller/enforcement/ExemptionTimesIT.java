package nl.opencordon.controller.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.HoldPeriod;
import nl.opencordon.enforcement.Review;
import nl.opencordon.security.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exemptions by the clock against a real controller on PostgreSQL (issue 24 item 4, rule EX-1): in a ZE-zone a
 * case waits until 06:00 the next day, a day exemption requested later on the day of the passage (through the
 * API, as operations would) removes it at release, and the API and the CSV import take times at both ends
 * while a date alone keeps its meaning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExemptionTimesIT {
  static final String CITY = CityBuilder.named("Dagstad")
      .zone("ze", "ZE-zone", CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025)
      .gate("ze-in", "ze", "entry", 52.0, 5.0)
      .camera("ze-1", "ze-in", "D-01", "Dagweg", "noord")
      .hocon();

  EnforcementCity city;
  ApiClient operations;

  @BeforeAll
  void start() throws Exception {
    city = new EnforcementCity(CITY, "");
    operations = ApiClient.as(city.controller.httpPort(), "operations");
  }

  @AfterAll
  void stop() throws Exception {
    city.close();
  }

  @Test
  void aZeCaseWaitsUntilSixTheNextMorningAndADayExemptionRequestedLaterThatDayRemovesIt() throws Exception {
    HoldPeriod holds = city.enforcement().lawful().holds();
    Instant seen = Instant.now().minusSeconds(60);
    LocalDate day = LocalDate.ofInstant(seen, Passage.LOCAL);
    Instant sixNextMorning = day.plusDays(1).atTime(6, 0).atZone(Passage.LOCAL).toInstant();
    Plate requestedLater = city.van("DG-001-X");
    Plate plain = city.van("DG-002-X");
    city.pass("ze-1", requestedLater, seen);
    city.pass("ze-1", plain, seen.plusSeconds(1));
    city.awaitProjected();
    String laterId = city.caseIdsOf(requestedLater).get(0);
    String plainId = city.caseIdsOf(plain).get(0);
    assertTrue(holds.held(laterId) && holds.held(plainId), "not held for the day exemptions");
    assertEquals(Review.Result.NOT_OPEN, city.enforcement().review().approve(plainId, "boa-d"));

    // the day exemption, requested after the passage on the same day, through the API
    HttpResponse<String> saved = operations.put("/api/exemptions/dag-1", """
        {"zoneId": "ze", "plateFrom": "%s", "kind": "DAY", "validFrom": "%s", "reason": "dagontheffing"}
        """.formatted(requestedLater.display(), day));
    assertEquals(200, saved.statusCode(), saved.body());
    JsonNode stored = Json.MAPPER.readTree(saved.body());
    assertEquals(day.atStartOfDay(), LocalDateTime.parse(stored.get("validFrom").asText()));
    assertEquals(day.plusDays(1).atTime(6, 0), LocalDateTime.parse(stored.get("validUntil").asText()));

    assertEquals(new HoldPeriod.Release(0, 0), holds.releaseDue(sixNextMorning.minusSeconds(1)),
        "released before 06:00 the next day");
    assertTrue(holds.held(plainId));

    assertEquals(new HoldPeriod.Release(1, 1), holds.releaseDue(sixNextMorning));
    assertEquals(List.of(), city.caseIdsOf(requestedLater));
    assertEquals(List.of(laterId), city.query("SELECT case_id FROM case_tombstones WHERE case_id = '" + laterId + "'"));
    assertEquals(Review.Result.APPROVED, city.enforcement().review().approve(plainId, "boa-d"));
  }

  @Test
  void theApiAndTheCsvImportTakeTimesAndADateAloneKeepsItsMeaning() throws Exception {
    HttpResponse<String> timed = operations.put("/api/exemptions/tijd-1", """
        {"zoneId": "ze", "plateFrom": "DG-101-X", "validFrom": "2026-12-07T07:00", "validUntil": "2026-12-07 09:30"}""");
    assertEquals(200, timed.statusCode(), timed.body());
    HttpResponse<String> days = operations.put("/api/exemptions/dagen-1", """
        {"zoneId": "ze", "plateFrom": "DG-102-X", "validFrom": "2026-12-01", "validUntil": "2026-12-07"}""");
    assertEquals(200, days.statusCode(), days.body());
    HttpResponse<String> dayWithEnd = operations.put("/api/exemptions/fout-1", """
        {"zoneId": "ze", "plateFrom": "DG-103-X", "kind": "DAY", "validFrom": "2026-12-07", "validUntil": "2026-12-09"}""");
    assertEquals(400, dayWithEnd.statusCode(), dayWithEnd.body());

    HttpResponse<String> imported = operations.post("/api/exemptions/import", """
        id,zone,country,plate_from,plate_to,valid_from,valid_until,reason,kind
        csv-dag,ze,,DG-104-X,,2026-12-07,,dagontheffing,DAY
        csv-tijd,ze,,DG-105-X,,2026-12-07T22:00,2026-12-08T06:00,nachtlevering,
        csv-datum,ze,,DG-106-X,,2026-12-07,2026-12-07,markt,
        """);
    assertEquals(200, imported.statusCode(), imported.body());

    HttpResponse<String> ended = operations.post("/api/exemptions/dagen-1/end", "{\"until\": \"2026-12-05T12:00\"}");
    assertEquals(200, ended.statusCode(), ended.body());

    assertEquals(List.of(
            "csv-dag 2026-12-07 00:00:00 2026-12-08 06:00:00",
            "csv-datum 2026-12-07 00:00:00 2026-12-08 00:00:00",
            "csv-tijd 2026-12-07 22:00:00 2026-12-08 06:00:00"),
        city.query("SELECT id || ' ' || valid_from || ' ' || valid_until FROM exemptions WHERE id LIKE 'csv-%' ORDER BY id"));
    assertEquals(List.of("dagen-1 2026-12-01 00:00:00 2026-12-05 12:00:00", "tijd-1 2026-12-07 07:00:00 2026-12-07 09:30:00"),
        city.query("SELECT id || ' ' || valid_from || ' ' || valid_until FROM exemptions"
            + " WHERE id IN ('dagen-1', 'tijd-1') ORDER BY id"));
  }
}
