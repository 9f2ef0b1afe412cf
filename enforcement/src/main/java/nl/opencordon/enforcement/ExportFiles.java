package nl.opencordon.enforcement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository.BatchFile;
import nl.opencordon.enforcement.store.EnforcementRepository.BatchRequest;
import nl.opencordon.enforcement.store.EnforcementRepository.BatchWriter;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The directory of batch files (CJIB, NAW, letters, corrections): written whole or not at all. */
final class ExportFiles {
  private static final Logger log = LoggerFactory.getLogger(ExportFiles.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** Renders a batch's content from its cases. */
  @FunctionalInterface
  interface Renderer {
    byte[] render(String batchId, List<CaseFile> cases) throws IOException;
  }

  private final Path dir;

  ExportFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create export directory " + dir, e);
    }
  }

  /**
   * The request for a batch of {@code batchKind} that moves cases of {@code caseKind} from one status to the
   * next, under a new batch id.
   */
  static BatchRequest request(String batchKind, String caseKind, String fromStatus, String toStatus,
                              Set<String> onlyCaseIds, String createdBy, Instant at, int limit) {
    return new BatchRequest(newBatchId(batchKind, at), batchKind, caseKind, fromStatus, toStatus, onlyCaseIds,
        createdBy, at, limit);
  }

  /** A new batch id: kind, UTC time and a random part, readable in a file listing. */
  static String newBatchId(String kind, Instant at) {
    return kind.toLowerCase() + "-" + STAMP.format(at) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  BatchFile write(String fileName, int formatVersion, byte[] content) throws IOException {
    Path tmp = dir.resolve(fileName + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    return new BatchFile(fileName, StoredEvidence.sha256(content), formatVersion);
  }

  /** A writer for {@link nl.opencordon.enforcement.store.EnforcementRepository#exportBatch}. */
  BatchWriter writer(String extension, int formatVersion, Renderer renderer) {
    return new BatchWriter() {
      @Override
      public BatchFile write(String batchId, List<CaseFile> cases) throws IOException {
        return ExportFiles.this.write(batchId + extension, formatVersion, renderer.render(batchId, cases));
      }

      @Override
      public void discard(BatchFile file) {
        delete(file.fileName());
      }
    };
  }

  Path path(String fileName) {
    Path p = dir.resolve(fileName).normalize();
    if (!p.getParent().equals(dir.normalize())) {
      throw new IllegalArgumentException("not a batch file name: " + fileName);
    }
    return p;
  }

  boolean delete(String fileName) {
    try {
      return Files.deleteIfExists(path(fileName));
    } catch (IOException e) {
      log.warn("Batch file [{}] not deleted: {}", fileName, e.toString());
      return false;
    }
  }
}
