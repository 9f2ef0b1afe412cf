package nl.opencordon.actors.zone;

import static nl.opencordon.actors.TestSightings.amsterdam;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleCategory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The camera's category travels with a sighting in the journal; events written before it had one still read. */
class SightingSerializationTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void theSeenCategorySurvivesTheJournal() {
    Sighting v = TestSightings.violation(Plate.dutch("VX-123-B"), Sighting.Source.ENTRY, amsterdam("2025-03-03T09:00"));
    Sighting seen = new Sighting(v.passageId(), v.source(), v.plate(), v.plateHash(), v.at(), v.cameraId(), v.site(),
        v.verdict(), v.facts(), v.evidenceRefs(), Optional.of(VehicleCategory.TRUCK), Optional.of(0.91),
        Optional.of(new nl.opencordon.domain.GeoPoint(52.0912, 5.1234)));
    Sighting read = testKit.serializationTestKit().verifySerialization(seen, true);
    assertEquals(Optional.of(0.91), read.readConfidence());
    assertEquals("TRANSPORTER", read.facts().orElseThrow().model());
    assertEquals(new nl.opencordon.domain.GeoPoint(52.0912, 5.1234), read.seenAt());
  }

  @Test
  void aSightingWrittenWithoutTheSeenCategoryReadsWithNone() throws Exception {
    Sighting v = TestSightings.violation(Plate.dutch("VX-123-B"), Sighting.Source.ENTRY, amsterdam("2025-03-03T09:00"));
    ObjectMapper cbor = testKitMapper();
    ObjectNode older = cbor.valueToTree(v);
    older.remove("seenCategory");
    Sighting read = cbor.readValue(cbor.writeValueAsBytes(older), Sighting.class);
    assertEquals(Optional.empty(), read.seenCategory());
    assertEquals(v, read);
  }

  private static ObjectMapper testKitMapper() {
    return org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider.get(testKit.system())
        .getOrCreate("jackson-cbor", Optional.empty());
  }
}
