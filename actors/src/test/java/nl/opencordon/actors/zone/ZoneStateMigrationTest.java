package nl.opencordon.actors.zone;

import static nl.opencordon.actors.TestSightings.amsterdam;
import static nl.opencordon.actors.TestSightings.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.domain.Plate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A zone snapshot written before vehicles were kept as two numbers still gives the same decisions. */
class ZoneStateMigrationTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aVersionOneSnapshotIsReadWithItsDecisions() throws Exception {
    Plate fined = Plate.dutch("VX-123-B");
    Plate warned = Plate.dutch("VX-999-Z");
    Map<String, Object> finedRecord = new HashMap<>();
    finedRecord.put("lastFineDay", "2025-03-03");
    finedRecord.put("lastWarningDay", null);
    Map<String, Object> warnedRecord = new HashMap<>();
    warnedRecord.put("lastFineDay", null);
    warnedRecord.put("lastWarningDay", "2024-11-01");
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-cbor", Optional.empty());
    byte[] v1 = cbor.writeValueAsBytes(Map.of("vehicles", Map.of(
        TestSightings.HASHER.hash(fined), finedRecord, TestSightings.HASHER.hash(warned), warnedRecord)));

    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    int jacksonCbor = serialization.serializerFor(Zone.State.class).identifier();
    Zone.State state = (Zone.State) serialization.deserialize(v1, jacksonCbor, Zone.State.class.getName()).get();

    var zone = TestSightings.zeZone();
    assertEquals(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY,
        state.decide(zone, violation(fined, Sighting.Source.SCAN, amsterdam("2025-03-03T16:00"))));
    assertEquals(Zone.Decision.Outcome.WITHIN_RECIDIVE,
        state.decide(zone, violation(fined, Sighting.Source.ENTRY, amsterdam("2025-03-10T09:00"))));
    assertEquals(Zone.Decision.Outcome.WARNED_RECENTLY,
        state.decide(zone, violation(warned, Sighting.Source.ENTRY, amsterdam("2024-11-20T09:00"))));
    assertEquals(Zone.Decision.Outcome.CASE_OPENED,
        state.decide(zone, violation(warned, Sighting.Source.ENTRY, amsterdam("2025-03-10T09:00"))));
  }
}
