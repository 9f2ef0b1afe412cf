package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.StoredEvidence;
import nl.opencordon.persistence.FreshDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The evidence store on a real PostgreSQL: what is put comes back with its hash checked, a tampered picture is
 * refused, a resend of a passage stores nothing twice, deletion and the orphan sweep remove the pictures; and
 * the gates' keeper, which stores a violation's pictures through it; and the move of earlier versions' files.
 */
class EvidenceStoreIT {
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 9};
  private static final Executor DIRECT = Runnable::run;
  /** Nothing answers on port 9 (discard): a picture given by reference is not fetched. */
  private static final EvidenceFetcher NO_FETCHES = new EvidenceFetcher(
      new EvidenceFetcher.Settings(java.time.Duration.ofMillis(300), 1 << 20), EvidenceFetcher.Listener.NONE);

  @RegisterExtension
  static final FreshDatabase database = FreshDatabase.perClass();
  private static EvidenceStore store;

  @BeforeAll
  static void open() {
    store = new EvidenceStore(database.dataSource());
  }

  @Test
  void aPictureComesBackAsPutWithItsHashAndTypeAndIsGoneOnceDeleted() throws Exception {
    StoredEvidence put = store.put(JPEG, "image/jpeg");
    assertTrue(EvidenceStore.owns(put.ref()));
    assertEquals(StoredEvidence.sha256(JPEG), put.sha256());
    assertArrayEquals(JPEG, store.get(put));
    assertEquals(Optional.of(put), store.find(put.ref()));
    assertEquals(1, store.delete(List.of(put.ref())));
    assertEquals(Optional.empty(), store.find(put.ref()));
    assertThrows(SQLException.class, () -> store.get(put));
  }

  @Test
  void aPictureThatNoLongerMatchesItsHashIsRefused() throws Exception {
    StoredEvidence put = store.put(JPEG, "image/jpeg");
    execute("UPDATE evidence_objects SET content = '\\x00'::bytea WHERE ref = '" + put.ref() + "'");
    SQLException e = assertThrows(SQLException.class, () -> store.get(put));
    assertTrue(e.getMessage().contains("does not match its recorded SHA-256"), e.getMessage());
  }

  @Test
  void aResendOfAPassageStoresNothingTwice() throws Exception {
    EvidenceStore.Kept first = store.keep("cam-1", "resend-1", 0, JPEG, "image/jpeg");
    EvidenceStore.Kept again = store.keep("cam-1", "resend-1", 0, PNG, "image/png");
    assertTrue(first.fresh());
    assertFalse(again.fresh());
    assertEquals(first.evidence(), again.evidence());
    assertArrayEquals(JPEG, store.get(again.evidence()));
    assertEquals(1, count("camera_id = 'cam-1' AND passage_id = 'resend-1'"));
    // another picture of the passage, and the same id from another camera, are pictures of their own
    assertTrue(store.keep("cam-1", "resend-1", 1, PNG, "image/png").fresh());
    assertTrue(store.keep("cam-2", "resend-1", 0, JPEG, "image/jpeg").fresh());
  }

  @Test
  void onlyPicturesNoCaseRefersToAndOlderThanTheAgeAreSwept() throws Exception {
    StoredEvidence orphan = store.put(JPEG, "image/jpeg");
    assertEquals(0, store.sweepUnreferenced(Instant.now().minusSeconds(3600)), "young pictures are kept");
    assertTrue(store.find(orphan.ref()).isPresent());
    assertTrue(store.sweepUnreferenced(Instant.now().plusSeconds(1)) >= 1);
    assertEquals(Optional.empty(), store.find(orphan.ref()));
  }

  @Test
  void theKeeperStoresAViolationsPicturesOnceAndDropsThemAgain() throws Exception {
    Passage p = passage("keep-1", List.of("pushed://cam-k/keep-1/0-overview", "http://127.0.0.1:9/keep-1.png"));
    List<Picture> pictures = List.of(new Picture(p.imageRefs().get(0), "image/jpeg", JPEG));
    EvidenceKeeping keeper = new EvidenceKeeping(store, NO_FETCHES, DIRECT);

    Gate.EvidenceKeeper.Kept kept = keeper.keep(p, pictures).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(kept.fresh());
    assertTrue(EvidenceStore.owns(kept.refs().get(0)));
    assertEquals("http://127.0.0.1:9/keep-1.png", kept.refs().get(1), "not fetched now: tried again at intake");
    assertArrayEquals(JPEG, store.get(store.find(kept.refs().get(0)).orElseThrow()));

    Gate.EvidenceKeeper.Kept resent = keeper.keep(p, pictures).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertFalse(resent.fresh(), "a resend may belong to a case the first send made");
    assertEquals(kept.refs(), resent.refs());

    keeper.drop(kept.refs());
    assertEquals(Optional.empty(), store.find(kept.refs().get(0)));
  }

  @Test
  void evidenceFilesOfEarlierVersionsAreMovedIntoTheStore() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("legacy-evidence");
    String id = java.util.UUID.randomUUID().toString();
    java.nio.file.Files.write(dir.resolve(id), JPEG);
    String tampered = java.util.UUID.randomUUID().toString();
    java.nio.file.Files.write(dir.resolve(tampered), PNG);
    new nl.opencordon.enforcement.cases.CaseRepository(database.dataSource()).insert(new nl.opencordon.enforcement
        .cases.CaseRecord("legacy-1", "ze", "FINE", "VK100B", "NL", "hash", Instant.now(), java.time.LocalDate.now(),
        "cam-k", "ENTRY", "T-01", "Singel", "zuid", "text", "ZE-3", "reason", "{}", "[]", "OPEN", null, null, null), List.of(
        new StoredEvidence("fs:" + id, StoredEvidence.sha256(JPEG), "image/jpeg"),
        new StoredEvidence("fs:" + tampered, StoredEvidence.sha256(JPEG), "image/png")));
    nl.opencordon.enforcement.store.LegacyEvidenceFiles legacy =
        new nl.opencordon.enforcement.store.LegacyEvidenceFiles(database.dataSource(), store);

    assertEquals(1, legacy.moveFrom(dir));
    String moved = query("SELECT ref FROM case_evidence WHERE case_id = 'legacy-1' AND position = 0");
    assertTrue(EvidenceStore.owns(moved), moved);
    assertArrayEquals(JPEG, store.get(store.find(moved).orElseThrow()));
    assertFalse(java.nio.file.Files.exists(dir.resolve(id)), "the moved file is deleted");
    assertEquals("fs:" + tampered, query("SELECT ref FROM case_evidence WHERE case_id = 'legacy-1' AND position = 1"),
        "a file that does not match its hash stays where it is");
    assertEquals(0, legacy.moveFrom(dir), "nothing moves twice");
    assertEquals(0, legacy.moveFrom(dir.resolve("absent")));
  }

  private static String query(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Passage passage(String id, List<String> refs) {
    Plate plate = Plate.dutch("VK-100-B");
    return new Passage(id, Instant.now(), "cam-k", "T-01", 1, "zuid", new GeoPoint(52.09, 5.12), plate.display(),
        plate, "hash", VehicleCategory.VAN, 0.95, List.of(), false, refs, Optional.empty());
  }

  private static long count(String where) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM evidence_objects WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      c.createStatement().execute(sql);
    }
  }
}
