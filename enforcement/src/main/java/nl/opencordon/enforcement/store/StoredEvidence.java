package nl.opencordon.enforcement.store;

import java.util.Objects;

/** One evidence object in the {@link EvidenceStore}: its reference, SHA-256 (hex) and media type. */
public record StoredEvidence(String ref, String sha256, String mediaType) {
  public StoredEvidence {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
