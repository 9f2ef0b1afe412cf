package nl.opencordon.insight.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import nl.opencordon.insight.traffic.CameraCountRepository;
import nl.opencordon.insight.traffic.CameraCountRepository.HourCount;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.controlroom.DeviceHistoryRepository;
import nl.opencordon.controlroom.DeviceHistoryRepository.HealthTransition;
import nl.opencordon.controlroom.IncidentRepository;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A month of control-room, camera and enforcement figures in PostgreSQL, made into the management report. */
class ReportsIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Database db = Database.open(TestDatabase.freshSchema());
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  static final YearMonth SEPTEMBER = YearMonth.of(2026, 9);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    db.close();
  }

  static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @BeforeAll
  static void aMonthOfFigures() throws Exception {
    DeviceHistoryRepository history = new DeviceHistoryRepository(db.dataSource());
    history.insertAll(List.of(
        new HealthTransition("camera", "cam-1", null, "UP", at("2026-08-25T08:00:00Z"), "ok"),
        new HealthTransition("camera", "cam-1", "UP", "DOWN", at("2026-09-10T10:00:00Z"), "silent"),
        new HealthTransition("camera", "cam-1", "DOWN", "UP", at("2026-09-10T13:00:00Z"), "ok"),
        new HealthTransition("camera", "cam-2", null, "DEGRADED", at("2026-08-31T12:00:00Z"), "poor reads"),
        new HealthTransition("camera", "cam-2", "DEGRADED", "DOWN", at("2026-09-20T00:00:00Z"), "silent"),
        new HealthTransition("camera", "cam-2", "DOWN", "UP", at("2026-09-22T00:00:00Z"), "ok"),
        new HealthTransition("display", "disp-1", null, "UP", at("2026-08-01T00:00:00Z"), "ok"),
        new HealthTransition("display", "disp-1", "UP", "DISABLED", at("2026-09-15T00:00:00Z"), "switched off"),
        new HealthTransition("display", "disp-1", "DISABLED", "UP", at("2026-09-16T00:00:00Z"), "ok")));
    IncidentRepository incidents = new IncidentRepository(db.dataSource());
    incidents.open("DEVICE_DOWN", "camera", "cam-1", at("2026-09-10T10:00:00Z"), "silent", null);
    incidents.endOpen("cam-1", List.of("DEVICE_DOWN"), at("2026-09-10T13:00:00Z"));
    incidents.open("TRAFFIC_ANOMALY", "camera", "cam-1", at("2026-09-30T21:00:00Z"), "few passages", null);
    CameraCountRepository counts = new CameraCountRepository(db.dataSource());
    counts.record(new HourCount("cam-1", at("2026-09-02T07:00:00Z"), 100, 5, 1));
    counts.record(new HourCount("cam-1", at("2026-09-02T08:00:00Z"), 300, 15, 3));
    counts.record(new HourCount("cam-1", at("2026-09-30T22:00:00Z"), 999, 999, 999)); // 1 October, local time
    try (Connection c = db.dataSource().getConnection()) {
      insertCase(c, "case-1", "FINE", "EXPORTED", at("2026-09-03T09:00:00Z"));
      insertCase(c, "case-2", "FINE", "EXPORTED", at("2026-09-04T09:00:00Z"));
      insertCase(c, "case-3", "WARNING", "NAW_REQUESTED", at("2026-09-05T09:00:00Z"));
      insertCase(c, "case-4", "FINE", "OPEN", at("2026-10-01T09:00:00Z"));
      c.createStatement().execute("INSERT INTO enforcement_counters VALUES ('ze', '2026-09-01', 'DISMISSED:misread', 3),"
          + " ('ze', '2026-09-01', 'WITHDRAWN', 1), ('ze', '2026-09-01', 'EXPIRED', 2),"
          + " ('ze', '2026-10-01', 'EXPIRED', 7)");
      // the CVOM upheld the objection against case-1 (docs/quality.md); the cases themselves are counted by trigger
      c.createStatement().execute("INSERT INTO case_outcomes (case_id, case_hash, zone_id, rule_id, gate_id, camera_id,"
          + " kind, day, outcome, result, recorded_by, recorded_at, source) VALUES ('case-1',"
          + " encode(sha256('case-1'::bytea), 'hex'), 'ze', 'R1', 'g1', 'cam-1', 'FINE', '2026-09-03', 'OBJECTION',"
          + " 'UPHELD', 'boa', now(), 'CVOM-CSV')");
      c.createStatement().execute("INSERT INTO case_tombstones VALUES ('t1', '2026-09-02'), ('t2', '2026-09-09'),"
          + " ('t3', '2026-09-20'), ('t4', '2026-09-30'), ('t5', '2026-10-01')");
    }
  }

  static void insertCase(Connection c, String id, String kind, String status, Instant at) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO cases (case_id, zone_id, kind, plate, country,"
        + " plate_hash, observed_at, local_day, camera_id, source, location_code, street, direction, observation_text,"
        + " rule_id, reason, vehicle_facts, evidence_refs, status) VALUES (?, 'ze', ?, 'VB001X', 'NL', 'hash', ?, ?,"
        + " 'cam-1', 'ENTRY', 'L1', 'Straat', 'noord', 'tekst', 'R1', 'diesel', '{}', '[]', ?)")) {
      ps.setString(1, id);
      ps.setString(2, kind);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.setObject(4, LocalDate.ofInstant(at, ZONE));
      ps.setString(5, status);
      ps.executeUpdate();
    }
  }

  @Test
  void aMonthlyReportHasAvailabilityIncidentsPassagesAndCaseOutcomesAndNothingPersonal() throws Exception {
    Reports reports = new Reports(db.dataSource(), ZONE, 0.99, Clock.systemUTC());
    ReportData r = reports.make(SEPTEMBER, "tester");

    ReportData.Device cam1 = r.devices().stream().filter(d -> d.deviceId().equals("cam-1")).findFirst().orElseThrow();
    assertEquals(717.0 / 720, cam1.availability().orElseThrow(), 1e-9, "3 hours down in a 720-hour month");
    assertTrue(cam1.meetsTarget(0.99));
    assertEquals(2, cam1.incidents());
    assertEquals(180 + 60, cam1.incidentMinutes(), "the open anomaly counts until the month ended");
    assertEquals(400, cam1.passages());
    assertEquals(0.05, cam1.lowConfidenceShare(), 1e-9);
    assertEquals(0.01, cam1.unreadableShare(), 1e-9);
    ReportData.Device cam2 = r.devices().stream().filter(d -> d.deviceId().equals("cam-2")).findFirst().orElseThrow();
    assertEquals(672.0 / 720, cam2.availability().orElseThrow(), 1e-9, "degraded counts as available");
    assertFalse(cam2.meetsTarget(0.99));
    ReportData.Device sign = r.devices().stream().filter(d -> d.deviceId().equals("disp-1")).findFirst().orElseThrow();
    assertEquals("display", sign.kind());
    assertEquals(Optional.of(1.0), sign.availability(), "switched off is a decision, not a failure");
    assertEquals(List.of(new ReportData.ZoneOutcome("ze", "FINE/EXPORTED", false, 2),
        new ReportData.ZoneOutcome("ze", "WARNING/NAW_REQUESTED", false, 1),
        new ReportData.ZoneOutcome("ze", "DISMISSED:misread", true, 3),
        new ReportData.ZoneOutcome("ze", "EXPIRED", true, 2),
        new ReportData.ZoneOutcome("ze", "WITHDRAWN", true, 1)), r.zones());
    assertEquals(4, r.deletedCases());
    assertEquals(List.of(
        new ReportData.Incident("DEVICE_DOWN", "camera", "cam-1", at("2026-09-10T10:00:00Z"), 180, false),
        new ReportData.Incident("TRAFFIC_ANOMALY", "camera", "cam-1", at("2026-09-30T21:00:00Z"), 60, true)),
        r.incidents());

    String csv = reports.stored().csv(SEPTEMBER).orElseThrow();
    assertTrue(csv.startsWith("section,subject,figure,value\r\n"), csv);
    assertTrue(csv.contains("device,camera cam-1,availability,0.99583\r\n"), csv);
    assertTrue(csv.contains("device,camera cam-2,meets_target,false\r\n"), csv);
    assertTrue(csv.contains("deletion,zone ze,DISMISSED:misread,3\r\n"), csv);
    assertTrue(csv.contains("incident,camera cam-1,DEVICE_DOWN 2026-09-10T10:00:00Z,180\r\n"), csv);
    assertTrue(csv.contains("quality,camera cam-1,cases,3\r\n"), csv);
    assertTrue(csv.contains("quality,rule R1,objections_upheld,1\r\n"), csv);
    assertFalse(csv.contains("VB001X"), "no plate in a management report");
    try (var pdf = Loader.loadPDF(reports.stored().pdf(SEPTEMBER).orElseThrow())) {
      String text = new PDFTextStripper().getText(pdf);
      assertTrue(text.contains("Managementrapportage cordon controller - 2026-09"), text);
      assertTrue(text.contains("99.58%"), text);
      assertTrue(text.contains("onder norm"), text);
      assertTrue(text.contains("TRAFFIC_ANOMALY"), text);
      assertTrue(text.contains("Kwaliteit van de beslissingen"), text);
      assertFalse(text.contains("VB001X"));
    }
  }

  @Test
  void theScheduleMakesLastMonthsReportWhenItIsMissing() throws Exception {
    Clock november = Clock.fixed(Instant.parse("2026-11-01T04:00:00Z"), ZONE);
    Reports reports = new Reports(db.dataSource(), ZONE, 0.99, november);
    testKit.spawn(ReportScheduler.create(reports, LocalTime.of(3, 0), Executors.newSingleThreadExecutor()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(reports.stored().list().stream().anyMatch(m -> m.month().equals(YearMonth.of(2026, 10))
          && m.madeBy().equals(ReportScheduler.MADE_BY)));
      return null;
    });
    assertTrue(reports.stored().csv(YearMonth.of(2026, 10)).orElseThrow().contains("deletion,zone ze,EXPIRED,7"));
  }
}
