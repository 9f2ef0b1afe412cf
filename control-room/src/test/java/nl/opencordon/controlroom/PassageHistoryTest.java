package nl.opencordon.controlroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.opencordon.controlroom.GatePassageCountRepository.GateCount;
import org.junit.jupiter.api.Test;

class PassageHistoryTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void countsTheGrowthOfEachGatesTotalInItsTenMinuteBucket() {
    PassageHistory h = new PassageHistory();
    h.record("noord", 5, T0.plusSeconds(30));
    h.record("noord", 12, T0.plusSeconds(590));
    h.record("noord", 20, T0.plusSeconds(610));
    h.record("oost", 3, T0.plusSeconds(620));
    PassageHistory.Series s = PassageHistory.series(h.drain(), T0.plusSeconds(700));
    List<Long> noord = s.perGate().get("noord");
    assertEquals(PassageHistory.BUCKETS, noord.size());
    assertEquals(List.of(12L, 8L), noord.subList(noord.size() - 2, noord.size()));
    assertEquals(3L, s.perGate().get("oost").get(PassageHistory.BUCKETS - 1));
    assertEquals(T0.plus(Duration.ofMinutes(10)).minus(Duration.ofHours(24)).plus(Duration.ofMinutes(10)), s.from());
    assertEquals(s.from(), PassageHistory.from(T0.plusSeconds(700)));
    assertEquals(List.of(), h.drain(), "drained once");
  }

  @Test
  void aGateThatRestartedCountsFromItsNewTotalAndOldBucketsAreLeftOut() {
    PassageHistory h = new PassageHistory();
    h.record("noord", 100, T0);
    h.record("noord", 4, T0.plusSeconds(60));
    assertEquals(List.of(new GateCount("noord", T0, 104)), h.drain());
    h.record("noord", 10, T0.plus(Duration.ofHours(25)));
    List<GateCount> stored = List.of(new GateCount("noord", T0, 104),
        new GateCount("noord", T0.plus(Duration.ofHours(25)), 6));
    List<Long> day = PassageHistory.series(stored, T0.plus(Duration.ofHours(25))).perGate().get("noord");
    assertEquals(6L, day.stream().mapToLong(Long::longValue).sum(), "the bucket of 25 h ago is not in the plot");
  }
}
