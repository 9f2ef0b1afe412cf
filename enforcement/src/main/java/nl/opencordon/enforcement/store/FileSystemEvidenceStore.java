package nl.opencordon.enforcement.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Evidence as files in one directory, named by a random id (never by plate): {@code fs:<uuid>}. Files are
 * written to a temporary name and moved into place, so a reader never sees half an image.
 */
public final class FileSystemEvidenceStore implements EvidenceStore {
  public static final String SCHEME = "fs:";
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Path dir;

  public FileSystemEvidenceStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create evidence directory " + dir, e);
    }
  }

  @Override
  public StoredEvidence put(byte[] content, String mediaType) throws IOException {
    String id = UUID.randomUUID().toString();
    Path tmp = dir.resolve(id + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    return new StoredEvidence(SCHEME + id, sha256(content), mediaType);
  }

  @Override
  public byte[] get(StoredEvidence evidence) throws IOException {
    byte[] content = Files.readAllBytes(pathOf(evidence.ref()));
    if (!sha256(content).equals(evidence.sha256())) {
      throw new IOException("evidence " + evidence.ref() + " does not match its recorded SHA-256");
    }
    return content;
  }

  @Override
  public boolean delete(String ref) throws IOException {
    return Files.deleteIfExists(pathOf(ref));
  }

  @Override
  public Set<String> refs() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches())
          .map(n -> SCHEME + n).collect(Collectors.toUnmodifiableSet());
    }
  }

  /** Whether a reference is one of this store's (other references come from cameras or simulators). */
  public static boolean owns(String ref) {
    return ref.startsWith(SCHEME) && ID.matcher(ref.substring(SCHEME.length())).matches();
  }

  private Path pathOf(String ref) {
    if (!owns(ref)) {
      throw new IllegalArgumentException("not an evidence store reference: " + ref);
    }
    return dir.resolve(ref.substring(SCHEME.length()));
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
