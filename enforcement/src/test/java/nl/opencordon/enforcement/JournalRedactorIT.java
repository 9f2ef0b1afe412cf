package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.Plate;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;

/**
 * The plate of an erased case leaves the zones' journal with it, on PostgreSQL: the case's event is rewritten
 * without plate and pictures, what the zone replays (case id, plate hash) stays, and the vehicle's other cases in
 * the same journal keep theirs.
 */
class JournalRedactorIT {
  private static final Plate PLATE = Plate.dutch("JR-001-B");

  @Test
  void aDismissedCaseLeavesNoPlateInTheJournalAndOtherCasesOfTheVehicleKeepTheirs() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      Instant seen = Instant.now().minus(Duration.ofDays(2));
      Zone.CaseOpened dismissed = chain.opened("c-dismissed", PLATE, "ze-1", Sighting.Source.ENTRY, seen);
      Zone.CaseOpened kept = chain.opened("c-kept", PLATE, "ze-1", Sighting.Source.ENTRY,
          seen.plus(Duration.ofDays(1)));
      String pid = PersistenceId.of(Zone.ENTITY_TYPE_KEY.name(),
          Zone.entityId("ze", dismissed.sighting().plateHash())).id();
      journal(chain, pid, 1, dismissed);
      journal(chain, pid, 2, kept);
      chain.enforcement.intake().record(dismissed);
      chain.enforcement.intake().record(kept);
      assertEquals(List.of("1", "2"), withPlate(chain));

      assertEquals(Review.Result.DISMISSED, chain.enforcement.review().dismiss("c-dismissed", "boa-a", "OTHER"));

      assertEquals(List.of("2"), withPlate(chain), "the dismissed case's plate is still in the journal");
      List<Zone.CaseOpened> events = events(chain);
      assertEquals(List.of("c-dismissed", "c-kept"), events.stream().map(Zone.CaseOpened::caseId).toList());
      Zone.CaseOpened redacted = events.get(0);
      assertTrue(JournalRedactor.isRedacted(redacted));
      assertEquals(dismissed.sighting().plateHash(), redacted.sighting().plateHash());
      assertEquals(List.of(), redacted.sighting().evidenceRefs());
      assertEquals(kept, events.get(1));
    }
  }

  /** Writes the event into the journal as the zone's persistence would. */
  private static void journal(EnforcementOnDatabase chain, String pid, long seqNr, Zone.CaseOpened event)
      throws Exception {
    Serializer serializer = serialization(chain).findSerializerFor(event);
    try (Connection c = chain.database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO event_journal (persistence_id, sequence_number, writer, write_timestamp, event_ser_id,
          event_ser_manifest, event_payload) VALUES (?, ?, 'test', 0, ?, ?, ?)""")) {
      ps.setString(1, pid);
      ps.setLong(2, seqNr);
      ps.setInt(3, serializer.identifier());
      ps.setString(4, Serializers.manifestFor(serializer, event));
      ps.setBytes(5, serializer.toBinary(event));
      ps.executeUpdate();
    }
  }

  /** The sequence numbers of the events whose bytes still hold the plate. */
  private static List<String> withPlate(EnforcementOnDatabase chain) throws Exception {
    return chain.query("SELECT sequence_number::text FROM event_journal WHERE position(convert_to('"
        + PLATE.text() + "', 'UTF8') in event_payload) > 0 ORDER BY sequence_number");
  }

  private static List<Zone.CaseOpened> events(EnforcementOnDatabase chain) throws Exception {
    List<Zone.CaseOpened> out = new ArrayList<>();
    try (Connection c = chain.database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT event_payload, event_ser_id, event_ser_manifest FROM event_journal ORDER BY sequence_number");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add((Zone.CaseOpened) serialization(chain).deserialize(rs.getBytes(1), rs.getInt(2), rs.getString(3))
            .get());
      }
    }
    return out;
  }

  private static Serialization serialization(EnforcementOnDatabase chain) {
    return SerializationExtension.get(Adapter.toClassic(chain.system));
  }
}
