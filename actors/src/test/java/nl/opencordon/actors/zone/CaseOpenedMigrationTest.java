package nl.opencordon.actors.zone;

import static nl.opencordon.actors.TestSightings.amsterdam;
import static nl.opencordon.actors.TestSightings.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A case event journaled before vehicle facts had bodyworkCodes (RDW's carrosserie), bodyworkNumbers (carrosserie
 * specificatie), particularCodes (bijzonderheden), emissionApproval, make, model and colour, and before the
 * sighting had the camera's read confidence, is still read: the carrosserie comes back empty, which the ZE-zone
 * treats as "no carrosserie registered", the specific numbers and bijzonderheden as "not known" (not "none"), no
 * type approval, no make, model or colour, so no migration is needed.
 */
class CaseOpenedMigrationTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void anEventWithoutTheAddedFieldsIsReadWithTheOtherFactsIntact() throws Exception {
    Plate plate = Plate.dutch("VX-123-B");
    Sighting v = violation(plate, Sighting.Source.ENTRY, amsterdam("2025-03-03T09:00"));
    Zone.CaseOpened event = new Zone.CaseOpened("case-1", Zone.CaseKind.FINE, "ze", new Sighting(v.passageId(),
        v.source(), v.plate(), v.plateHash(), v.at(), v.cameraId(), v.site(), v.verdict(), v.facts(),
        v.evidenceRefs(), v.seenCategory(), Optional.of(0.87), Optional.of(new GeoPoint(52.1, 5.1))));
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    var serializer = serialization.findSerializerFor(event);
    String manifest = Serializers.manifestFor(serializer, event);

    // The event as it was written before the field existed: the same CBOR, without bodyworkCodes.
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-cbor", Optional.empty());
    ObjectNode old = (ObjectNode) cbor.readTree(serializer.toBinary(event));
    ObjectNode facts = (ObjectNode) old.path("sighting").path("facts");
    List<String> added = List.of("bodyworkCodes", "bodyworkNumbers", "particularCodes", "emissionApproval", "make",
        "model", "colour");
    for (String field : added) {
      assertTrue(facts.has(field), "the current shape has " + field + ": " + old);
    }
    facts.remove(added);
    ObjectNode sighting = (ObjectNode) old.path("sighting");
    for (String field : List.of("readConfidence", "position")) {
      assertTrue(sighting.has(field), "the current shape has the field " + field + ": " + old);
      sighting.remove(field);
    }
    byte[] written = cbor.writeValueAsBytes(old);
    for (String field : added) {
      assertFalse(cbor.readTree(written).path("sighting").path("facts").has(field));
    }
    assertFalse(cbor.readTree(written).path("sighting").has("readConfidence"));

    Zone.CaseOpened read =
        (Zone.CaseOpened) serialization.deserialize(written, serializer.identifier(), manifest).get();

    VehicleFacts expected = TestSightings.euro4Van(plate);
    VehicleFacts got = read.sighting().facts().orElseThrow();
    assertEquals(Set.of(), got.bodyworkCodes());
    assertEquals("", got.make());
    assertEquals(Optional.empty(), read.sighting().readConfidence());
    assertEquals(Optional.empty(), read.sighting().position());
    assertEquals(read.sighting().site().position(), read.sighting().seenAt());
    assertEquals(Optional.of(0.87), event.sighting().readConfidence());
    assertEquals(Optional.empty(), got.particularCodes(), "bijzonderheden not known, which is not none");
    assertTrue(got.wheelchairAccessUnknown());
    assertEquals(new VehicleFacts(expected.plate(), expected.vehicleType(), expected.euCategory(), expected.bodyType(),
        expected.fuels(), expected.emissionClass(), expected.firstAdmission(), expected.maxMassKg(),
        expected.massInRunningOrderKg(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), "", "", ""),
        got);
    assertEquals(event.sighting().verdict(), read.sighting().verdict());
    assertEquals(event.caseId(), read.caseId());
  }
}
