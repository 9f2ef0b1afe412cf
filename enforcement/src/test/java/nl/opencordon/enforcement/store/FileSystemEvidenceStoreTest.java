package nl.opencordon.enforcement.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemEvidenceStoreTest {
  @TempDir
  Path dir;

  @Test
  void storesUnderARandomNameWithItsSha256AndDeletes() throws IOException {
    FileSystemEvidenceStore store = new FileSystemEvidenceStore(dir);
    StoredEvidence e = store.put("abc".getBytes(), "image/png");
    // SHA-256 of "abc" (FIPS 180-2 test vector)
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", e.sha256());
    assertTrue(FileSystemEvidenceStore.owns(e.ref()));
    assertArrayEquals("abc".getBytes(), store.get(e));
    assertEquals(Set.of(e.ref()), store.refs());
    assertTrue(store.delete(e.ref()));
    assertFalse(store.delete(e.ref()));
    assertEquals(Set.of(), store.refs());
  }

  @Test
  void refusesEvidenceThatNoLongerMatchesItsHash() throws IOException {
    FileSystemEvidenceStore store = new FileSystemEvidenceStore(dir);
    StoredEvidence e = store.put(new byte[] {1, 2, 3}, "image/png");
    Files.write(dir.resolve(e.ref().substring(FileSystemEvidenceStore.SCHEME.length())), new byte[] {1, 2, 4});
    assertThrows(IOException.class, () -> store.get(e));
  }

  @Test
  void refusesReferencesOutsideTheStore() {
    FileSystemEvidenceStore store = new FileSystemEvidenceStore(dir);
    assertThrows(IllegalArgumentException.class, () -> store.delete("fs:../../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> store.delete("sim://cam/1"));
  }
}
