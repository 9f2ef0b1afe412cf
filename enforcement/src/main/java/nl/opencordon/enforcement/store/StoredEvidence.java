package nl.opencordon.enforcement.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** One evidence object in the {@link EvidenceStore}: its reference, SHA-256 (hex) and media type. */
public record StoredEvidence(String ref, String sha256, String mediaType) {
  public StoredEvidence {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mediaType, "mediaType");
  }

  /** The SHA-256 of content, as lower-case hex. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
