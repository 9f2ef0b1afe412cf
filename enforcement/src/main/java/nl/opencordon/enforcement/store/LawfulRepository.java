package nl.opencordon.enforcement.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Hold periods, test cases, site approvals and detours (tables of V60). */
public final class LawfulRepository {
  private final Jdbi jdbi;

  public LawfulRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  // ---- marks the intake writes before the case row -------------------------------------------------------

  public void hold(String caseId, Instant releaseAt) {
    update("INSERT INTO case_holds (case_id, release_at) VALUES (?, ?) ON CONFLICT DO NOTHING", caseId, releaseAt);
  }

  /** Ids of held cases whose hold ended at or before a moment, soonest first. */
  public List<String> holdsDue(Instant at, int limit) {
    return strings("SELECT case_id FROM case_holds WHERE release_at <= ? ORDER BY release_at LIMIT ?", at, limit);
  }

  public boolean held(String caseId) {
    return exists("SELECT 1 FROM case_holds WHERE case_id = ?", caseId);
  }

  public void release(String caseId) {
    update("DELETE FROM case_holds WHERE case_id = ?", caseId);
  }

  public void markTest(String caseId) {
    update("INSERT INTO test_cases (case_id) VALUES (?) ON CONFLICT DO NOTHING", caseId);
  }

  public boolean isTest(String caseId) {
    return exists("SELECT 1 FROM test_cases WHERE case_id = ?", caseId);
  }

  /** Ids of test cases observed before a moment, oldest first. */
  public List<String> testCasesObservedBefore(Instant before, int limit) {
    return strings("""
        SELECT t.case_id FROM test_cases t JOIN cases k ON k.case_id = t.case_id WHERE k.observed_at < ?
        ORDER BY k.observed_at LIMIT ?""", before, limit);
  }

  /** Forgets the test marks of deleted cases (their ids are tombstones); the number removed. */
  public int forgetDeletedTestCases() {
    return update("DELETE FROM test_cases t USING case_tombstones k WHERE k.case_id = t.case_id");
  }

  // ---- site approvals -----------------------------------------------------------------------------------

  /**
   * The CVOM's approval of a camera at a site (Leidraad 4.2.6); its cases there from then on are real. A mobile
   * camera needs one per site it stands at.
   */
  public record SiteApproval(String cameraId, String locationCode, Instant approvedAt, String approvedBy,
                             String reference) {}

  public SiteApproval approve(SiteApproval a) {
    update("""
        INSERT INTO site_approvals (camera_id, location_code, approved_at, approved_by, reference)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT (camera_id, location_code) DO NOTHING""",
        a.cameraId(), a.locationCode(), a.approvedAt(), a.approvedBy(), a.reference());
    return approval(a.cameraId(), a.locationCode()).orElseThrow();
  }

  /** Withdraws the approval of a camera at a site; false when it was not approved there. */
  public boolean revoke(String cameraId, String locationCode) {
    return update("DELETE FROM site_approvals WHERE camera_id = ? AND location_code = ?", cameraId,
        locationCode) == 1;
  }

  /** Gives an approval recorded before approvals named their site (V95) the camera's configured site. */
  public void nameSite(String cameraId, String locationCode) {
    update("UPDATE site_approvals SET location_code = ? WHERE camera_id = ? AND location_code IS NULL",
        locationCode, cameraId);
  }

  public Optional<SiteApproval> approval(String cameraId, String locationCode) {
    return approvals().stream()
        .filter(a -> a.cameraId().equals(cameraId) && locationCode.equals(a.locationCode())).findFirst();
  }

  public List<SiteApproval> approvals() {
    return jdbi.withHandle(h -> h.select("""
        SELECT camera_id, location_code, approved_at, approved_by, reference FROM site_approvals
        ORDER BY camera_id, location_code""")
        .map((rs, ctx) -> new SiteApproval(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
            rs.getString(4), rs.getString(5)))
        .list());
  }

  // ---- detours ------------------------------------------------------------------------------------------

  /** Traffic diverted through the zone from some gates for a window (omleiding). */
  public record Detour(long id, List<String> gateIds, Instant from, Instant until, String reason, String source,
                       Instant declaredAt) {}

  private static final RowMapper<Detour> DETOUR = (rs, ctx) -> new Detour(rs.getLong("id"),
      List.of((String[]) rs.getArray("gate_ids").getArray()), rs.getTimestamp("valid_from").toInstant(),
      rs.getTimestamp("valid_until").toInstant(), rs.getString("reason"), rs.getString("source"),
      rs.getTimestamp("declared_at").toInstant());

  public Detour declare(Set<String> gateIds, Instant from, Instant until, String reason, String source,
                        Instant declaredAt) {
    List<String> gates = gateIds.stream().sorted().toList();
    long id = jdbi.withHandle(h -> h.select("""
        INSERT INTO detours (gate_ids, valid_from, valid_until, reason, source, declared_at)
        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", gates.toArray(String[]::new), from, until, reason, source,
        declaredAt).mapTo(Long.class).one());
    return new Detour(id, gates, from, until, reason, source, declaredAt);
  }

  /** Ends a detour early; false when it had ended already or does not exist. */
  public boolean end(long id, Instant at) {
    return update("UPDATE detours SET valid_until = ? WHERE id = ? AND valid_until > ? AND valid_from < ?",
        at, id, at, at) == 1;
  }

  /** Detours that end after a moment, soonest start first. */
  public List<Detour> detoursUntilAfter(Instant after) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM detours WHERE valid_until > ? ORDER BY valid_from, id",
        after).map(DETOUR).list());
  }

  /** Whether a detour covers a gate at a moment. */
  public boolean detoured(String gateId, Instant at) {
    return exists("SELECT 1 FROM detours WHERE ? = ANY(gate_ids) AND valid_from <= ? AND valid_until > ?",
        gateId, at, at);
  }

  private int update(String sql, Object... args) {
    return jdbi.withHandle(h -> h.execute(sql, args));
  }

  private List<String> strings(String sql, Object... args) {
    return jdbi.withHandle(h -> h.select(sql, args).mapTo(String.class).list());
  }

  private boolean exists(String sql, Object... args) {
    return jdbi.withHandle(h -> h.select(sql, args).mapTo(Integer.class).findFirst().isPresent());
  }
}
