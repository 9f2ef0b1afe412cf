package nl.opencordon.enforcement.store;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.cases.CaseRepository;

/**
 * The case lifecycle in PostgreSQL: review with optimistic concurrency (a status change only applies to a
 * case still in the expected status, so of two officers exactly one wins), export batches that move cases on
 * in one transaction with the file they went into, and erasure that leaves a tombstone and an anonymous
 * counter, and deletes the evidence pictures in the same transaction.
 */
public final class EnforcementRepository {
  public static final String OPEN = "OPEN";
  public static final String APPROVED = "APPROVED";
  public static final String NAW_REQUESTED = "NAW_REQUESTED";
  public static final String EXPORTED = "EXPORTED";

  private final DataSource dataSource;

  public EnforcementRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  // ---- review -------------------------------------------------------------------------------------------

  /**
   * The officer's queue: open cases, oldest first, without those still waiting out their zone's hold period
   * (case_holds, see LawfulProcess).
   */
  public List<CaseFile> queue(int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT * FROM cases WHERE status = 'OPEN'""" + NOT_HELD + " ORDER BY observed_at LIMIT ?")) {
      ps.setInt(1, limit);
      return files(c, ps);
    }
  }

  public Optional<CaseFile> find(String caseId) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT * FROM cases WHERE case_id = ?")) {
      ps.setString(1, caseId);
      return files(c, ps).stream().findFirst();
    }
  }

  /** A case in its hold period is not open for review yet (LawfulProcess). */
  private static final String NOT_HELD =
      " AND NOT EXISTS (SELECT 1 FROM case_holds h WHERE h.case_id = cases.case_id)";

  /** Approves an OPEN case; false when it is not OPEN (any more): someone else reviewed it first. */
  public boolean approve(String caseId, String officer, Instant at) throws SQLException {
    return approve(caseId, officer, at, false);
  }

  /** @param second only a four-eyes case another officer approved first */
  private boolean approve(String caseId, String officer, Instant at, boolean second) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE cases SET status = 'APPROVED', reviewed_by = ?, reviewed_at = ? WHERE case_id = ? AND status = 'OPEN'"
            + NOT_HELD + (second ? " AND first_approved_by IS NOT NULL AND first_approved_by <> ?" : ""))) {
      ps.setString(1, officer);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setString(3, caseId);
      if (second) {
        ps.setString(4, officer);
      }
      return ps.executeUpdate() == 1;
    }
  }

  /** Records a four-eyes case's first approval; false when it is not OPEN or already has one. */
  public boolean approveFirst(String caseId, String officer, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        UPDATE cases SET first_approved_by = ?, first_approved_at = ?
        WHERE case_id = ? AND status = 'OPEN' AND first_approved_by IS NULL""" + NOT_HELD)) {
      ps.setString(1, officer);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setString(3, caseId);
      return ps.executeUpdate() == 1;
    }
  }

  /** Approves a four-eyes case that another officer approved first; false otherwise. */
  public boolean approveSecond(String caseId, String officer, Instant at) throws SQLException {
    return approve(caseId, officer, at, true);
  }

  /** Cases of some cameras observed at or after a moment, in the given statuses. */
  public List<CaseFile> atCameras(Set<String> cameraIds, Instant from, Set<String> statuses) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM cases WHERE camera_id = ANY(?) AND observed_at >= ? AND status = ANY(?) ORDER BY observed_at")) {
      ps.setArray(1, c.createArrayOf("varchar", cameraIds.toArray()));
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setArray(3, c.createArrayOf("varchar", statuses.toArray()));
      return files(c, ps);
    }
  }

  /** Ids of cases of a kind in some statuses observed before a moment: candidates for retention. */
  public List<String> observedBefore(String kind, Set<String> statuses, Instant before, int limit)
      throws SQLException {
    return caseIds(kind, statuses, before, limit);
  }

  /** Ids of the oldest cases of a kind in a status, as a batch would take them. */
  public List<String> oldest(String kind, String status, int limit) throws SQLException {
    return caseIds(kind, Set.of(status), null, limit);
  }

  private List<String> caseIds(String kind, Set<String> statuses, Instant before, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT case_id FROM cases WHERE kind = ? AND status = ANY(?) AND (?::timestamptz IS NULL OR observed_at < ?)"
            + " ORDER BY observed_at LIMIT ?")) {
      Timestamp until = before == null ? null : Timestamp.from(before);
      ps.setString(1, kind);
      ps.setArray(2, c.createArrayOf("varchar", statuses.toArray()));
      ps.setTimestamp(3, until);
      ps.setTimestamp(4, until);
      ps.setInt(5, limit);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  // ---- erasure ------------------------------------------------------------------------------------------

  /** What remains known of an erased case while its erasure transaction runs; nothing of it is stored. */
  public record ErasedCase(String caseId, String zoneId, String plateHash, String kind, String status,
                           Instant observedAt, String locationCode, String exportBatchId, List<String> evidenceRefs) {}

  /** Work done in the erasure transaction: scrubbing the journal, recording a correction request. */
  @FunctionalInterface
  public interface ErasureHook {
    void run(Connection tx, ErasedCase erased) throws SQLException;
  }

  /**
   * Deletes a case that is in one of {@code fromStatuses}, with its evidence rows, records its id as a
   * tombstone and counts it under {@code outcome} (anonymously: zone, month, outcome), runs {@code hook} in
   * the same transaction, and deletes the evidence pictures in it too. Empty when the case was not in
   * one of those statuses (already reviewed, already deleted).
   */
  public Optional<ErasedCase> erase(String caseId, Set<String> fromStatuses, String outcome, LocalDate today,
                                    ErasureHook hook) throws SQLException {
    ErasedCase erased;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        erased = deleteRow(c, caseId, fromStatuses);
        if (erased == null) {
          c.rollback();
          return Optional.empty();
        }
        bury(c, erased, outcome, today, hook);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return Optional.of(erased);
  }

  /**
   * A case that is never written (its violation became no case): its id is tombstoned so it is never written
   * later, it is counted under {@code outcome}, {@code hook} runs (the journal's plate is blanked) and the
   * pictures kept for it are deleted, in one transaction. False when it was tombstoned already.
   */
  public boolean refuse(ErasedCase unwritten, String outcome, LocalDate today, ErasureHook hook) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM case_tombstones WHERE case_id = ?")) {
        ps.setString(1, unwritten.caseId());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            c.rollback();
            return false;
          }
        }
        bury(c, unwritten, outcome, today, hook);
        c.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void bury(Connection c, ErasedCase erased, String outcome, LocalDate today, ErasureHook hook)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO case_tombstones (case_id, deleted_on) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, erased.caseId());
      ps.setObject(2, today);
      ps.executeUpdate();
    }
    count(c, erased.zoneId(), today.withDayOfMonth(1), outcome);
    hook.run(c, erased);
    EvidenceStore.delete(c, erased.evidenceRefs());
  }

  private static ErasedCase deleteRow(Connection c, String caseId, Set<String> fromStatuses) throws SQLException {
    List<String> refs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        DELETE FROM case_evidence e USING cases k
        WHERE e.case_id = k.case_id AND k.case_id = ? AND k.status = ANY(?) RETURNING e.ref""")) {
      ps.setString(1, caseId);
      ps.setArray(2, c.createArrayOf("varchar", fromStatuses.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          refs.add(rs.getString(1));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("""
        DELETE FROM cases WHERE case_id = ? AND status = ANY(?)
        RETURNING zone_id, plate_hash, kind, status, observed_at, location_code, export_batch_id""")) {
      ps.setString(1, caseId);
      ps.setArray(2, c.createArrayOf("varchar", fromStatuses.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new ErasedCase(caseId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), refs);
      }
    }
  }

  private static void count(Connection c, String zoneId, LocalDate month, String outcome) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO enforcement_counters (zone_id, month, outcome, count) VALUES (?, ?, ?, 1)
        ON CONFLICT (zone_id, month, outcome) DO UPDATE SET count = enforcement_counters.count + 1""")) {
      ps.setString(1, zoneId);
      ps.setObject(2, month);
      ps.setString(3, outcome);
      ps.executeUpdate();
    }
  }

  public record Counter(String zoneId, LocalDate month, String outcome, long count) {}

  public List<Counter> counters() throws SQLException {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT zone_id, month, outcome, count FROM enforcement_counters ORDER BY month, zone_id, outcome")) {
      List<Counter> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Counter(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3), rs.getLong(4)));
      }
      return out;
    }
  }

  /**
   * Counts for the review screen: open cases (past their hold), cases reviewed (approved) since a moment, by
   * anyone and by one officer, dismissals in a month (from the anonymous counters), and batches made since.
   */
  public record WorkCounts(long open, long approvedSince, long approvedSinceBy, long dismissedInMonth,
                           long batchesSince) {}

  public WorkCounts workCounts(Instant since, String officer, LocalDate month) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT (SELECT count(*) FROM cases WHERE status = 'OPEN'" + NOT_HELD + "),"
            + " (SELECT count(*) FROM cases WHERE reviewed_at >= ?),"
            + " (SELECT count(*) FROM cases WHERE reviewed_at >= ? AND reviewed_by = ?),"
            + " (SELECT coalesce(sum(count), 0) FROM enforcement_counters WHERE month = ? AND outcome LIKE 'DISMISSED:%'),"
            + " (SELECT count(*) FROM export_batches WHERE created_at >= ?)")) {
      Timestamp from = Timestamp.from(since);
      ps.setTimestamp(1, from);
      ps.setTimestamp(2, from);
      ps.setString(3, officer);
      ps.setObject(4, month.withDayOfMonth(1));
      ps.setTimestamp(5, from);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new WorkCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
      }
    }
  }

  // ---- batches ------------------------------------------------------------------------------------------

  /** A file handed to others. {@code fileDeletedAt} is set once retention removed the file. */
  public record Batch(String batchId, String kind, int formatVersion, String fileName, String sha256, int records,
                      String createdBy, Instant createdAt, Instant fileDeletedAt) {}

  /** The file a batch went into. */
  public record BatchFile(String fileName, String sha256, int formatVersion) {}

  /** Writes the file of a batch; runs inside the batch's transaction, so a failure moves no case. */
  public interface BatchWriter {
    BatchFile write(String batchId, List<CaseFile> cases) throws IOException;

    /** Removes a written file whose transaction did not commit. */
    void discard(BatchFile file);
  }

  /**
   * Which cases a batch takes and where they go: all of a kind in {@code fromStatus} (or only those among
   * {@code onlyCaseIds}) move to {@code toStatus} with the batch id.
   */
  public record BatchRequest(String batchId, String batchKind, String caseKind, String fromStatus, String toStatus,
                             Set<String> onlyCaseIds, String createdBy, Instant at, int limit) {}

  /**
   * Takes the cases of a batch, writes the file and moves the cases on, in one transaction. Cases are locked
   * with SKIP LOCKED, so two exports running at once never put a case in both. Empty when there was nothing
   * to export.
   */
  public Optional<Batch> exportBatch(BatchRequest req, BatchWriter writer) throws SQLException, IOException {
    BatchFile file = null;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<CaseFile> cases;
        try (PreparedStatement ps = c.prepareStatement("""
            SELECT * FROM cases WHERE kind = ? AND status = ? AND (?::varchar[] IS NULL OR case_id = ANY(?))
            AND NOT EXISTS (SELECT 1 FROM test_cases t WHERE t.case_id = cases.case_id)
            ORDER BY observed_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
          // test cases (from a camera site not yet approved, see SiteApprovals) never leave the controller
          Array only = req.onlyCaseIds() == null ? null : c.createArrayOf("varchar", req.onlyCaseIds().toArray());
          ps.setString(1, req.caseKind());
          ps.setString(2, req.fromStatus());
          ps.setArray(3, only);
          ps.setArray(4, only);
          ps.setInt(5, req.limit());
          cases = files(c, ps);
        }
        if (cases.isEmpty()) {
          c.rollback();
          return Optional.empty();
        }
        file = writer.write(req.batchId(), cases);
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE cases SET status = ?, export_batch_id = ?, exported_at = ? WHERE case_id = ? AND status = ?")) {
          for (CaseFile f : cases) {
            ps.setString(1, req.toStatus());
            ps.setString(2, req.batchId());
            ps.setTimestamp(3, Timestamp.from(req.at()));
            ps.setString(4, f.caseId());
            ps.setString(5, req.fromStatus());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        Batch batch = new Batch(req.batchId(), req.batchKind(), file.formatVersion(), file.fileName(), file.sha256(),
            cases.size(), req.createdBy(), req.at(), null);
        insertBatch(c, batch);
        c.commit();
        return Optional.of(batch);
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        if (file != null) {
          writer.discard(file);
        }
        throw e;
      }
    }
  }

  /** Records a batch whose file holds no cases of the read model (a correction request). */
  public void insertBatch(Batch batch) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      insertBatch(c, batch);
    }
  }

  private static void insertBatch(Connection c, Batch b) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO export_batches (batch_id, kind, format_version, file_name, sha256, records, created_by, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
      ps.setString(1, b.batchId());
      ps.setString(2, b.kind());
      ps.setInt(3, b.formatVersion());
      ps.setString(4, b.fileName());
      ps.setString(5, b.sha256());
      ps.setInt(6, b.records());
      ps.setString(7, b.createdBy());
      ps.setTimestamp(8, Timestamp.from(b.createdAt()));
      ps.executeUpdate();
    }
  }

  /** Batches, newest first; {@code kind} null for all. */
  public List<Batch> batches(String kind) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM export_batches WHERE (?::varchar IS NULL OR kind = ?) ORDER BY created_at DESC")) {
      ps.setString(1, kind);
      ps.setString(2, kind);
      return batches(ps);
    }
  }

  public Optional<Batch> batch(String batchId) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT * FROM export_batches WHERE batch_id = ?")) {
      ps.setString(1, batchId);
      return batches(ps).stream().findFirst();
    }
  }

  /** Batches whose file is still there and that were made before a moment. */
  public List<Batch> batchFilesBefore(Instant before) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM export_batches WHERE file_deleted_at IS NULL AND created_at < ? ORDER BY created_at")) {
      ps.setTimestamp(1, Timestamp.from(before));
      return batches(ps);
    }
  }

  public void markFileDeleted(String batchId, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE export_batches SET file_deleted_at = ? WHERE batch_id = ?")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, batchId);
      ps.executeUpdate();
    }
  }

  private static List<Batch> batches(PreparedStatement ps) throws SQLException {
    List<Batch> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Timestamp deleted = rs.getTimestamp("file_deleted_at");
        out.add(new Batch(rs.getString("batch_id"), rs.getString("kind"), rs.getInt("format_version"),
            rs.getString("file_name"), rs.getString("sha256"), rs.getInt("records"), rs.getString("created_by"),
            rs.getTimestamp("created_at").toInstant(), deleted == null ? null : deleted.toInstant()));
      }
    }
    return out;
  }

  // ---- reading ------------------------------------------------------------------------------------------

  private static List<CaseFile> files(Connection c, PreparedStatement ps) throws SQLException {
    List<CaseFile> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        CaseRecord r = CaseRepository.read(rs);
        Timestamp reviewed = rs.getTimestamp("reviewed_at");
        Timestamp exported = rs.getTimestamp("exported_at");
        rows.add(new CaseFile(r, List.of(), rs.getString("reviewed_by"),
            reviewed == null ? null : reviewed.toInstant(), rs.getString("export_batch_id"),
            exported == null ? null : exported.toInstant(), rs.getString("first_approved_by")));
      }
    }
    if (rows.isEmpty()) {
      return rows;
    }
    Map<String, List<StoredEvidence>> evidence = new HashMap<>();
    try (PreparedStatement ev = c.prepareStatement(
        "SELECT case_id, ref, sha256, media_type FROM case_evidence WHERE case_id = ANY(?) ORDER BY case_id, position")) {
      ev.setArray(1, c.createArrayOf("varchar", rows.stream().map(CaseFile::caseId).toArray()));
      try (ResultSet rs = ev.executeQuery()) {
        while (rs.next()) {
          evidence.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new StoredEvidence(rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return rows.stream().map(f -> new CaseFile(f.record(), evidence.getOrDefault(f.caseId(), List.of()),
        f.reviewedBy(), f.reviewedAt(), f.exportBatchId(), f.exportedAt(), f.firstApprovedBy())).toList();
  }
}
