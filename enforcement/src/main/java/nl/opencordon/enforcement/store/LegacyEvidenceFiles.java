package nl.opencordon.enforcement.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence written as files by versions before the pictures moved to PostgreSQL ({@code fs:<uuid>} references in
 * {@code case_evidence}, files in the old {@code evidence-dir}): each is checked against the SHA-256 recorded in
 * its case, stored in the evidence store, the case pointed at it, and the file deleted. Safe to run on every node
 * and every start: a reference already moved is no longer listed, and a picture two nodes moved at once leaves an
 * orphan that retention deletes.
 */
public final class LegacyEvidenceFiles {
  private static final Logger log = LoggerFactory.getLogger(LegacyEvidenceFiles.class);
  private static final String SCHEME = "fs:";

  private final DataSource dataSource;
  private final EvidenceStore store;

  public LegacyEvidenceFiles(DataSource dataSource, EvidenceStore store) {
    this.dataSource = dataSource;
    this.store = store;
  }

  /** Moves the files of {@code dir} that cases refer to into the store; how many were moved. */
  public int moveFrom(Path dir) throws SQLException, IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int moved = 0;
    for (StoredEvidence old : legacy()) {
      Path file = dir.resolve(old.ref().substring(SCHEME.length())).normalize();
      if (!file.getParent().equals(dir.normalize()) || !Files.isRegularFile(file)) {
        log.warn("Evidence file of [{}] is missing from {}: its case keeps the old reference", old.ref(), dir);
        continue;
      }
      byte[] content = Files.readAllBytes(file);
      if (!StoredEvidence.sha256(content).equals(old.sha256())) {
        log.warn("Evidence file of [{}] does not match its recorded SHA-256: not moved", old.ref());
        continue;
      }
      StoredEvidence stored = store.put(content, old.mediaType());
      try (Connection c = dataSource.getConnection();
           PreparedStatement ps = c.prepareStatement("UPDATE case_evidence SET ref = ? WHERE ref = ?")) {
        ps.setString(1, stored.ref());
        ps.setString(2, old.ref());
        ps.executeUpdate();
      }
      Files.delete(file);
      moved++;
    }
    if (moved > 0) {
      log.info("Moved {} evidence files from {} into PostgreSQL", moved, dir);
    }
    return moved;
  }

  private List<StoredEvidence> legacy() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT ref, sha256, media_type FROM case_evidence WHERE ref LIKE 'fs:%'");
         ResultSet rs = ps.executeQuery()) {
      List<StoredEvidence> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new StoredEvidence(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
      return out;
    }
  }
}
