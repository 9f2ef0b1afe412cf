package nl.opencordon.enforcement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.EnforcementRepository;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * Removes the personal data of an erased case from the zones' journal, in the erasure's transaction: the
 * case's {@link Zone.CaseOpened} event is rewritten in place with the plate, vehicle facts and evidence
 * references blanked. What the zone needs to replay its decisions (plate hash, day, kind) stays, so a
 * vehicle whose case was dismissed is still not fined twice that day, and the event is still the same
 * class, so recovery and the cases projections read it as before (and skip it: its id is tombstoned).
 *
 * <p>Rewriting was chosen over deleting the event (which would change the zone's dedup state on replay)
 * and over per-case encryption keys (which would reach into the zone's event format).
 */
final class JournalRedactor implements EnforcementRepository.ErasureHook {
  private volatile Serialization serialization;

  /** Binds to the actor system whose serializers wrote the journal. */
  void attach(ActorSystem<?> system) {
    serialization = SerializationExtension.get(Adapter.toClassic(system));
  }

  @Override
  public void run(Connection tx, EnforcementRepository.ErasedCase erased) throws SQLException {
    Serialization ser = serialization;
    if (ser == null) {
      throw new IllegalStateException("journal redactor not attached to the actor system yet");
    }
    String pid = PersistenceId.of(Zone.ENTITY_TYPE_KEY.name(), Zone.entityId(erased.zoneId(), erased.plateHash())).id();
    // CBOR keeps strings as UTF-8, so the case id narrows the rows to decode to (nearly always) one.
    try (PreparedStatement ps = tx.prepareStatement("""
        SELECT sequence_number, event_ser_id, event_ser_manifest, event_payload FROM event_journal
        WHERE persistence_id = ? AND position(convert_to(?, 'UTF8') in event_payload) > 0 FOR UPDATE""")) {
      ps.setString(1, pid);
      ps.setString(2, erased.caseId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object event = ser.deserialize(rs.getBytes(4), rs.getInt(2), rs.getString(3)).get();
          if (event instanceof Zone.CaseOpened opened && opened.caseId().equals(erased.caseId())) {
            rewrite(tx, ser, pid, rs.getLong(1), redact(opened));
          }
        }
      }
    }
  }

  private static void rewrite(Connection tx, Serialization ser, String pid, long seqNr, Zone.CaseOpened event)
      throws SQLException {
    Serializer serializer = ser.findSerializerFor(event);
    byte[] bytes = serializer.toBinary(event);
    try (PreparedStatement ps = tx.prepareStatement("""
        UPDATE event_journal SET event_payload = ?, event_ser_id = ?, event_ser_manifest = ?
        WHERE persistence_id = ? AND sequence_number = ?""")) {
      ps.setBytes(1, bytes);
      ps.setInt(2, serializer.identifier());
      ps.setString(3, Serializers.manifestFor(serializer, event));
      ps.setString(4, pid);
      ps.setLong(5, seqNr);
      ps.executeUpdate();
    }
  }

  static Zone.CaseOpened redact(Zone.CaseOpened e) {
    Sighting s = e.sighting();
    Sighting blank = new Sighting(s.passageId(), s.source(), new Plate("", s.plate().country(), 0), s.plateHash(),
        s.at(), s.cameraId(), s.site(), s.verdict(), Optional.empty(), List.of());
    return new Zone.CaseOpened(e.caseId(), e.kind(), e.zoneId(), blank);
  }

  /** Whether an event was redacted (its case erased). */
  static boolean isRedacted(Zone.CaseOpened e) {
    return e.sighting().plate().text().isEmpty();
  }
}
