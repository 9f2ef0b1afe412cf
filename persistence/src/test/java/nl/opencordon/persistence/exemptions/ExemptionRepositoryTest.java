package nl.opencordon.persistence.exemptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExemptionRepositoryTest {
  private static final String HEADER = "id,zone,country,plate_from,plate_to,valid_from,valid_until,reason\n";
  private Database db;
  private ExemptionRepository repo;

  @BeforeEach
  void open() {
    db = Database.open(TestDatabase.freshSchema());
    repo = new ExemptionRepository(db.dataSource());
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void addListRemoveEachMoveTheChangeMarker() throws Exception {
    long before = repo.version();
    Exemption e = Exemption.forPlate("ont-1", "ze", Plate.dutch("TT601D"), LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 12, 31), "mantelzorg");
    repo.add(e);
    assertEquals(List.of(e), repo.list());
    long added = repo.version();
    assertTrue(added > before, "an insert moves the marker");
    assertEquals(new ExemptionRepository.Snapshot(added, List.of(e)), repo.snapshot());

    assertTrue(repo.remove("ont-1"));
    assertTrue(repo.version() > added, "a delete moves the marker");
    assertFalse(repo.remove("ont-1"));
    assertEquals(List.of(), repo.list());
  }

  @Test
  void theRecordNamesTheExemptionsCoveringAPlateInAZoneOnADay() throws Exception {
    repo.addAll(List.of(
        new Exemption("range", "ze", "NL", "VX100B", "VX199B", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), ""),
        new Exemption("all-zones", "*", "D", "BAB123", "", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2), "")));
    assertEquals(List.of("range"), ids(repo.covering("ze", Plate.dutch("VX-150-B"), noon(LocalDate.of(2026, 3, 31)))));
    assertEquals(List.of(), ids(repo.covering("ze", Plate.dutch("VX-150-B"), noon(LocalDate.of(2026, 4, 1)))));
    assertEquals(List.of(), ids(repo.covering("ze", Plate.dutch("VX-250-B"), noon(LocalDate.of(2026, 3, 15)))));
    assertEquals(List.of(), ids(repo.covering("mz", Plate.dutch("VX-150-B"), noon(LocalDate.of(2026, 3, 15)))));
    assertEquals(List.of("all-zones"), ids(repo.covering("mz", Plate.of("BAB123", "D"), noon(LocalDate.of(2026, 3, 2)))));
    assertEquals(List.of(), ids(repo.covering("mz", Plate.dutch("BAB123"), noon(LocalDate.of(2026, 3, 2)))), "country");
  }

  @Test
  void storedDateOnlyExemptionsBecomeWholeDaysFromMidnightToMidnightWhenMigrated() throws Exception {
    DatabaseSettings before = TestDatabase.freshSchema();
    Flyway.configure().dataSource(before.url(), before.user(), before.password())
        .locations("classpath:db/migration").target("88").load().migrate();
    try (Connection c = DriverManager.getConnection(before.url(), before.user(), before.password())) {
      c.createStatement().executeUpdate("INSERT INTO exemptions (id, zone_id, country, plate_from, plate_to, "
          + "valid_from, valid_until, reason) VALUES ('oud-1', 'ze', 'NL', 'TT601D', 'TT601D', '2026-03-01', "
          + "'2026-03-31', 'van voor de tijden')");
    }
    try (Database migrated = Database.open(before)) {
      Exemption old = new ExemptionRepository(migrated.dataSource()).list().get(0);
      assertEquals(LocalDateTime.parse("2026-03-01T00:00"), old.validFrom());
      assertEquals(LocalDateTime.parse("2026-04-01T00:00"), old.validUntil(), "24:00 of its last day");
    }
  }

  private static Instant noon(LocalDate day) {
    return day.atTime(12, 0).atZone(Passage.LOCAL).toInstant();
  }

  private static List<String> ids(List<Exemption> exemptions) {
    return exemptions.stream().map(Exemption::id).toList();
  }

  @Test
  void importsAValidListWithRangesAndForeignPlates() throws Exception {
    String csv = HEADER + "ont-1,ze,,VX-100-B,VX-199-B,2026-01-01,2026-03-31,verhuizing\n"
        + "ont-2,*,D,B AB 123,,2026-02-01,2026-02-28,\"evenement, markt\"\n";
    List<ExemptionRepository.Imported> stored = repo.importCsv(new StringReader(csv), Set.of("ze"));
    assertEquals(List.of(2L, 3L), stored.stream().map(ExemptionRepository.Imported::line).toList());
    assertEquals(stored.stream().map(ExemptionRepository.Imported::exemption).toList(), repo.list());
    assertEquals("BAB123", repo.list().get(1).plateFrom());
  }

  @Test
  void aListWithErrorsIsRejectedWholeWithEveryLineNamed() throws Exception {
    repo.add(Exemption.forPlate("keep", "ze", Plate.dutch("TT601D"), LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 1, 31), ""));
    String csv = HEADER
        + "ont-1,ze,,VX100B,,2026-01-01,2026-03-31,ok\n"                 // line 2: fine
        + "ont-2,ze,,VX100B,,2026-04-01,2026-03-31,reversed\n"           // line 3
        + "ont-3,nowhere,,VX100B,,2026-01-01,2026-03-31,zone\n"          // line 4
        + "ont-1,ze,,VX100B,,2026-01-01,2026-03-31,twice\n"              // line 5
        + "ont-4,ze,,VX-1!,,2026-01-01,2026-03-31,plate\n"               // line 6
        + "ont-5,ze,,VX100B,,31-01-2026,2026-03-31,date\n";              // line 7
    ExemptionRepository.InvalidCsvException e = assertThrows(ExemptionRepository.InvalidCsvException.class,
        () -> repo.importCsv(new StringReader(csv), Set.of("ze")));
    List<String> p = e.problems();
    assertEquals(5, p.size(), String.join("\n", p));
    assertTrue(p.get(0).startsWith("line 3: ") && p.get(0).contains("not after validFrom"), p.get(0));
    assertTrue(p.get(1).startsWith("line 4: ") && p.get(1).contains("unknown zone 'nowhere'"), p.get(1));
    assertTrue(p.get(2).startsWith("line 5: ") && p.get(2).contains("appears twice"), p.get(2));
    assertTrue(p.get(3).startsWith("line 6: ") && p.get(3).contains("plate"), p.get(3));
    assertTrue(p.get(4).startsWith("line 7: "), p.get(4));
    assertEquals(List.of("keep"), repo.list().stream().map(Exemption::id).toList(), "nothing half-imported");
  }

  @Test
  void aListWithoutTheNeededColumnsIsRejected() {
    ExemptionRepository.InvalidCsvException e = assertThrows(ExemptionRepository.InvalidCsvException.class,
        () -> repo.importCsv(new StringReader("id,plate\n1,AB12CD\n"), Set.of()));
    assertTrue(e.problems().get(0).contains("missing columns"), e.problems().toString());
  }
}
