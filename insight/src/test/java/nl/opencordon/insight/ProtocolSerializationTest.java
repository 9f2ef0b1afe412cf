package nl.opencordon.insight;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import nl.opencordon.actors.gate.VehiclePassed;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.insight.stats.TrafficStatistics;
import nl.opencordon.insight.traffic.TrafficAnomalyChanged;
import nl.opencordon.insight.traffic.TrafficWatch;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message of insight's protocols, and the gate's event, survive CBOR (they may cross nodes). */
class ProtocolSerializationTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void messagesSurviveCbor() {
    var s = testKit.serializationTestKit();
    TestProbe<TrafficStatistics.Hourly> hourly = testKit.createTestProbe();
    TestProbe<TrafficStatistics.OriginDestination> od = testKit.createTestProbe();
    TestProbe<TrafficWatch.Anomalies> anomalies = testKit.createTestProbe();
    LocalDate day = LocalDate.of(2026, 3, 2);
    Instant at = Instant.parse("2026-03-02T08:00:00Z");
    s.verifySerialization(new TrafficStatistics.GetHourly(day, day, hourly.ref()), true);
    s.verifySerialization(new TrafficStatistics.GetOriginDestination(day, day, od.ref()), true);
    TestProbe<TrafficStatistics.HourlyCounts> counts = testKit.createTestProbe();
    s.verifySerialization(new TrafficStatistics.GetHourlyCounts(day, day, counts.ref()), true);
    s.verifySerialization(new TrafficStatistics.HourlyCounts(List.of(new TrafficStatistics.HourlyCell("g", at, "VAN",
        "DIESEL", "6", 2))), true);
    s.verifySerialization(new TrafficStatistics.Hourly(List.of(new TrafficStatistics.HourlyCell("g", at, "VAN",
        "DIESEL", "6", 7)), 2, 5), true);
    s.verifySerialization(new TrafficStatistics.OriginDestination(List.of(new TrafficStatistics.OdCell(day, "a", "b",
        6, 60, 70)), 1, 5), true);
    s.verifySerialization(new TrafficWatch.GetAnomalies(anomalies.ref()), true);
    s.verifySerialization(new TrafficWatch.Anomalies(List.of(new TrafficWatch.Anomaly("c", "few", at))), true);
    s.verifySerialization(new TrafficAnomalyChanged("c", true, "few", at), true);
    s.verifySerialization(new VehiclePassed("g", "ze", at, VehicleCategory.VAN, "DIESEL", "6", "key"), true);
    TestProbe<org.apache.pekko.Done> ready = testKit.createTestProbe();
    s.verifySerialization(new nl.opencordon.insight.quality.PassageCounter.GetReady(ready.ref()), true);
  }
}
