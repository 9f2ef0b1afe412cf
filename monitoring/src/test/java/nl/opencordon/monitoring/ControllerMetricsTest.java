package nl.opencordon.monitoring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures read at scrape time: the read side's lag, database counts, the breaker. */
class ControllerMetricsTest {

  @Test
  void theReadSideLagIsReadAtScrapeTime() {
    ControllerMetrics metrics = new ControllerMetrics();
    metrics.caseOpened("ze", "FINE");
    metrics.caseWritten();
    metrics.readSide(() -> new ControllerMetrics.ReadSide(3, 12.5));
    String scrape = metrics.scrape();
    assertTrue(scrape.contains("anpr_read_side_pending_cases 3.0"), scrape);
    assertTrue(scrape.contains("anpr_read_side_lag_seconds 12.5"), scrape);
    assertTrue(scrape.contains("anpr_cases_written_total 1.0"), scrape);
    metrics.readSide(() -> {
      throw new IllegalStateException("database away");
    });
    assertFalse(metrics.scrape().contains("anpr_read_side_lag_seconds "), "a failing source leaves its series out");
  }

  @Test
  void databaseCountsAndBreakerAreReadAtScrapeTime() {
    ControllerMetrics metrics = new ControllerMetrics();
    assertFalse(metrics.scrape().contains("anpr_register_breaker_state{"), "no breaker, no series");
    metrics.deletionsByReason(() -> Map.of("DISMISSED", 4L, "EXPIRED", 2L));
    metrics.casesByStatus(() -> {
      throw new IllegalStateException("database away");
    });
    metrics.registerBreaker(() -> "open");
    String scrape = metrics.scrape();
    assertTrue(scrape.contains("anpr_cases_deleted_total{reason=\"DISMISSED\"} 4.0"), scrape);
    assertTrue(scrape.contains("anpr_cases_deleted_total{reason=\"EXPIRED\"} 2.0"), scrape);
    assertFalse(scrape.contains("anpr_cases_by_status{"), "a failing source leaves its series out: " + scrape);
    assertTrue(scrape.contains("anpr_register_breaker_state{state=\"open\"} 1.0"), scrape);
    assertTrue(scrape.contains("anpr_register_breaker_state{state=\"closed\"} 0.0"), scrape);
  }
}
