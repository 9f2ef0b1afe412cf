package nl.opencordon.enforcement.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Evidence pictures in PostgreSQL ({@code evidence_objects}), which every node of the cluster reads, under a
 * random reference ({@code pg:<uuid>}, never the plate). The gate keeps a violation's pictures here before its
 * camera is answered ({@link #keep}); the case intake links them to the case, and dismissal and retention delete
 * them here. The SHA-256 is recorded with the content and in the case, so tampering or corruption shows when
 * the evidence is read back.
 */
public final class EvidenceStore {
  public static final String SCHEME = "pg:";

  /** A passage's picture as {@link #keep} left it; {@code fresh} when this call stored it, not an earlier one. */
  public record Kept(StoredEvidence evidence, boolean fresh) {}

  private final DataSource dataSource;

  public EvidenceStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Whether a reference is one of this store's (other references come from cameras or simulators). */
  public static boolean owns(String ref) {
    return ref.startsWith(SCHEME);
  }

  /** Stores a picture that belongs to no passage (the demo's placeholder) under a new reference. */
  public StoredEvidence put(byte[] content, String mediaType) throws SQLException {
    return insert(null, null, null, content, mediaType).orElseThrow();
  }

  /**
   * Stores the picture at {@code position} of a camera's passage, once: a resend of the passage (to this node or
   * another) finds it stored and gets the same reference, whatever bytes it carries this time.
   */
  public Kept keep(String cameraId, String passageId, int position, byte[] content, String mediaType)
      throws SQLException {
    Optional<StoredEvidence> stored = insert(cameraId, passageId, position, content, mediaType);
    if (stored.isPresent()) {
      return new Kept(stored.get(), true);
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT ref, sha256, media_type FROM evidence_objects WHERE camera_id = ? AND passage_id = ? AND position = ?")) {
      ps.setString(1, cameraId);
      ps.setString(2, passageId);
      ps.setInt(3, position);
      return new Kept(one(ps).orElseThrow(() -> new SQLException("evidence of passage " + passageId
          + " neither stored nor found")), false);
    }
  }

  private Optional<StoredEvidence> insert(String cameraId, String passageId, Integer position, byte[] content,
                                          String mediaType) throws SQLException {
    StoredEvidence e = new StoredEvidence(SCHEME + UUID.randomUUID(), StoredEvidence.sha256(content), mediaType);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO evidence_objects (ref, camera_id, passage_id, position, media_type, sha256, content)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (camera_id, passage_id, position) DO NOTHING""")) {
      ps.setString(1, e.ref());
      ps.setString(2, cameraId);
      ps.setString(3, passageId);
      ps.setObject(4, position);
      ps.setString(5, mediaType);
      ps.setString(6, e.sha256());
      ps.setBytes(7, content);
      return ps.executeUpdate() == 1 ? Optional.of(e) : Optional.empty();
    }
  }

  /** The hash and media type of a stored picture, without its content; empty when it is not (any more) here. */
  public Optional<StoredEvidence> find(String ref) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT ref, sha256, media_type FROM evidence_objects WHERE ref = ?")) {
      ps.setString(1, ref);
      return one(ps);
    }
  }

  /** A stored picture whose content no longer matches the SHA-256 recorded with it: altered or corrupted. */
  public static final class AlteredEvidenceException extends SQLException {
    AlteredEvidenceException(StoredEvidence evidence) {
      super("evidence " + evidence.ref() + " does not match its recorded SHA-256");
    }
  }

  /**
   * The content of a reference; fails when it is gone, or with {@link AlteredEvidenceException} when it no longer
   * matches the hash recorded in the case.
   */
  public byte[] get(StoredEvidence evidence) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT content FROM evidence_objects WHERE ref = ?")) {
      ps.setString(1, evidence.ref());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("evidence " + evidence.ref() + " is not in the store");
        }
        byte[] content = rs.getBytes(1);
        if (!StoredEvidence.sha256(content).equals(evidence.sha256())) {
          throw new AlteredEvidenceException(evidence);
        }
        return content;
      }
    }
  }

  /** Removes pictures; how many were there. */
  public int delete(List<String> refs) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return delete(c, refs);
    }
  }

  /** Removes pictures in the caller's transaction (a case's erasure), so the case and its pictures go together. */
  static int delete(Connection c, List<String> refs) throws SQLException {
    if (refs.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM evidence_objects WHERE ref = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("varchar", refs.toArray()));
      return ps.executeUpdate();
    }
  }

  /**
   * Deletes pictures stored before {@code before} that no case refers to: kept for a violation whose zone then
   * opened no case and whose drop was lost in a crash, left when a case write or a deletion failed halfway. The
   * age keeps the pictures of a case whose row the intake has not written yet.
   */
  public int sweepUnreferenced(Instant before) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        DELETE FROM evidence_objects o WHERE o.stored_at < ?
        AND NOT EXISTS (SELECT 1 FROM case_evidence e WHERE e.ref = o.ref)""")) {
      ps.setTimestamp(1, Timestamp.from(before));
      return ps.executeUpdate();
    }
  }

  private static Optional<StoredEvidence> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new StoredEvidence(rs.getString(1), rs.getString(2), rs.getString(3)))
          : Optional.empty();
    }
  }
}
