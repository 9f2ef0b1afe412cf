package nl.opencordon.persistence.exemptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.function.BooleanSupplier;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.Eventually;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL, each with its own connection pool: what one writes (an exemption through the
 * repository, a CSV list, an ending, a removal, a hand edit in SQL) reaches the other's gates through its
 * {@link ExemptionCache} within seconds, without a restart.
 */
class ExemptionCacheIT {
  private static final Duration WITHIN = Duration.ofSeconds(5);
  private static final LocalDate DAY = LocalDate.of(2026, 3, 10);
  private static final Plate VAN = Plate.dutch("VX-150-B");
  private static final Instant NOON = DAY.atTime(12, 0).atZone(Passage.LOCAL).toInstant();

  private Database nodeA;
  private Database nodeB;
  private ExemptionRepository writer;
  private final ExemptionRegistry gatesOfB = new ExemptionRegistry();
  private ExemptionCache cacheOfB;

  @BeforeEach
  void start() throws Exception {
    DatabaseSettings schema = TestDatabase.freshSchema();
    nodeA = Database.open(schema);
    nodeB = Database.open(schema);
    writer = new ExemptionRepository(nodeA.dataSource());
    writer.add(Exemption.forPlate("before-start", "ze", Plate.dutch("TT601D"), DAY, DAY, ""));
    cacheOfB = ExemptionCache.start(new ExemptionRepository(nodeB.dataSource()), gatesOfB, Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    cacheOfB.close();
    nodeA.close();
    nodeB.close();
  }

  @Test
  void whatIsStoredAtStartIsInTheCopyAtOnce() {
    assertTrue(gatesOfB.find("ze", Plate.dutch("TT601D"), NOON).isPresent());
  }

  @Test
  void anExemptionAddedEndedAndRemovedOnOneNodeReachesTheOthersGatesWithinSeconds() throws Exception {
    assertTrue(gatesOfB.find("ze", VAN, NOON).isEmpty());

    writer.add(Exemption.forPlate("ont-1", "ze", VAN, DAY, DAY.plusDays(30), "verhuizing"));
    Duration added = until(() -> gatesOfB.find("ze", VAN, NOON).isPresent());

    writer.add(Exemption.forPlate("ont-1", "ze", VAN, DAY.minusDays(1), DAY.minusDays(1), "beeindigd"));
    Duration ended = until(() -> gatesOfB.find("ze", VAN, NOON).isEmpty());

    writer.remove("before-start");
    Duration removed = until(() -> gatesOfB.find("ze", Plate.dutch("TT601D"), NOON).isEmpty());
    System.out.printf("node B saw: added after %d ms, ended after %d ms, removed after %d ms%n",
        added.toMillis(), ended.toMillis(), removed.toMillis());
  }

  @Test
  void aCsvListAndAHandEditInSqlReachTheOthersGatesToo() throws Exception {
    writer.importCsv(new StringReader("id,zone,country,plate_from,plate_to,valid_from,valid_until,reason\n"
        + "lijst-1,ze,,VX-100-B,VX-199-B,2026-03-01,2026-03-31,evenement\n"), Set.of("ze"));
    until(() -> gatesOfB.find("ze", VAN, NOON).isPresent());

    try (Connection c = nodeA.dataSource().getConnection()) {
      c.createStatement().executeUpdate("DELETE FROM exemptions WHERE id = 'lijst-1'");
    }
    until(() -> gatesOfB.find("ze", VAN, NOON).isEmpty());
    assertEquals(Set.of("before-start"), Set.copyOf(gatesOfB.all().stream().map(Exemption::id).toList()));
  }

  private static Duration until(BooleanSupplier condition) throws InterruptedException {
    return Eventually.within(WITHIN, "the other node seeing the change", condition);
  }
}
