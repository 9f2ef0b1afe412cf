package nl.opencordon.controller.enforcement;

import nl.opencordon.domain.CityBuilder;
import nl.opencordon.enforcement.*;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.controller.TestTraffic;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import nl.opencordon.enforcement.store.CaseFile;
import org.awaitility.Awaitility;

/**
 * A small city for the enforcement chain tests, run by a real controller on a fresh PostgreSQL schema with
 * its own evidence and export directories: zone "ze" enforced (gates ze-in and sg-in, scan car), zone "zw"
 * in its warning period. Both let their cases reach the officer at once (await-day-exemptions off), as the
 * tests review today's cases; ExemptionTimesIT covers the ZE-zone's default. Passages go in through the camera actors, as drivers deliver them.
 */
final class EnforcementCity implements AutoCloseable {
  static final String CITY = CityBuilder.entryAndScanCar("Handhavingstad",
          "await-day-exemptions = off", CityBuilder.NATIONAL_ZE, CityBuilder.PHASED_2025)
      .zone("zw", "Milieuzone Noord", "await-day-exemptions = off", CityBuilder.NATIONAL_ZE,
          "phases { warning = \"2025-01-01\", enforcement = \"2030-01-01\" }")
      .gate("sg-in", "ze", "entry", 52.10, 5.11)
      .gate("zw-in", "zw", "entry", 52.20, 5.11)
      .camera("sg-1", "sg-in", "H-02", "Catharijnesingel", "west")
      .camera("zw-1", "zw-in", "N-01", "Amsterdamsestraatweg", "oost")
      .hocon();
  static final PlateHasher HASHER = TestTraffic.HASHER;

  final String city;
  /** More settings over the test defaults (demo.conf, where sites need no approval). */
  final String settings;
  final TestTraffic traffic;
  final ExemptionRegistry exemptions = new ExemptionRegistry();
  final Database database;
  final Path exportDir;
  Controller controller;

  EnforcementCity() throws Exception {
    this(CITY, "");
  }

  EnforcementCity(String city, String settings) throws Exception {
    this.city = city;
    this.settings = settings;
    traffic = new TestTraffic(TestControllers.city(city));
    database = TestControllers.freshDatabase();
    Path root = Files.createTempDirectory("enforcement-it");
    exportDir = root.resolve("exports");
    start();
  }

  void start() throws Exception {
    controller = Controller.start(TestControllers.config("""
            anpr.enforcement.export-dir = "%s"
            anpr.enforcement.offence-codes.zero-emission = "TEST-ZE-1"
            """.formatted(exportDir) + settings), database, TestControllers.city(city),
        TestControllers.adapters(traffic.register(), exemptions));
  }

  /** Stops the controller (actor system and all) and starts a new one on the same schema and directories. */
  void restart() throws Exception {
    controller.close();
    start();
  }

  Enforcement enforcement() {
    return controller.enforcement();
  }

  Plate van(String text) {
    return traffic.van(text);
  }

  Plate vehicle(String text, String euCategory, Set<Fuel> fuels, String emissionClass) {
    return traffic.vehicle(text, euCategory, fuels, emissionClass);
  }

  static Instant local(String t) {
    return TestTraffic.local(t);
  }

  /** Stores an exemption in the record (PostgreSQL), as operations would on any node. */
  void exempt(Exemption exemption) throws SQLException {
    new ExemptionRepository(database.dataSource()).add(exemption);
  }

  void pass(String cameraId, Plate plate, Instant at) throws Exception {
    traffic.pass(controller, cameraId, plate, at);
  }

  Gate.Status gateStatus(String gateId) throws Exception {
    return TestTraffic.gateStatus(controller, gateId);
  }

  /** Waits for the case of a plate to reach the review queue (the cases projections follow the journal asynchronously). */
  CaseFile openCaseOf(Plate plate) throws Exception {
    return await("a case of " + plate, () -> enforcement().review().queue().stream()
        .filter(f -> f.record().plate().equals(plate.text())).findFirst(), Optional::isPresent).orElseThrow();
  }

  /**
   * Waits until the cases projections have stored an offset at or past the last event of each of their tags,
   * i.e. until the read model holds everything the journal has.
   */
  void awaitProjected() throws Exception {
    await("the cases projections level with the journal", () -> query("""
        SELECT t.tag FROM (SELECT tag, max(event_id) AS last FROM event_tag GROUP BY tag) t
        LEFT JOIN pekko_projection_offset_store o
          ON o.projection_name = 'cases' AND o.projection_key = t.tag
        WHERE o.current_offset IS NULL OR CAST(o.current_offset AS BIGINT) < t.last"""), List::isEmpty);
  }

  /** Every case row of a plate, whatever its status. */
  List<String> caseIdsOf(Plate plate) throws SQLException {
    return query("SELECT case_id FROM cases WHERE plate = '" + plate.text() + "'");
  }

  List<String> query(String sql) throws SQLException {
    return TestDatabase.strings(database.dataSource(), sql);
  }

  /** The zones' journal as text, to look for plates in it. */
  List<String> journalPayloads() throws SQLException {
    return binary("SELECT event_payload FROM event_journal");
  }

  /** A binary column's values as text (bytes as ISO-8859-1), to look for plates in them. */
  List<String> binary(String sql) throws SQLException {
    return TestDatabase.bytesAsText(database.dataSource(), sql);
  }

  /** The content of a batch's file. */
  String batchText(nl.opencordon.enforcement.store.EnforcementRepository.Batch b) {
    try {
      return Files.readString(exportDir.resolve(b.fileName()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** References of the pictures in the evidence store. */
  Set<String> evidenceRefs() throws SQLException {
    return Set.copyOf(query("SELECT ref FROM evidence_objects"));
  }

  /** The entries of a ZIP download (a sample package, a dossier) by name. */
  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  @FunctionalInterface
  interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls until the value satisfies the condition, for at most 15 seconds. */
  static <T> T await(String what, Probe<T> probe, Predicate<T> done) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
        .until(probe::get, done);
  }

  @Override
  public void close() throws Exception {
    controller.close();
    database.close();
  }
}
