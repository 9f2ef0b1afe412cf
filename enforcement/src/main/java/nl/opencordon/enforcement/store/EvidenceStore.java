package nl.opencordon.enforcement.store;

import java.io.IOException;
import java.util.Set;

/**
 * Where evidence images of cases live, outside the database rows. A reference names one stored object; its
 * SHA-256 is recorded in the case, so tampering or corruption shows when the evidence is read back.
 */
public interface EvidenceStore {

  /** Stores the bytes under a new reference. */
  StoredEvidence put(byte[] content, String mediaType) throws IOException;

  /** The content of a reference; fails when the content no longer matches the hash it was stored with. */
  byte[] get(StoredEvidence evidence) throws IOException;

  /** Removes the content; true when it was there. */
  boolean delete(String ref) throws IOException;

  /** Every reference in the store, for checks and for sweeping content no case refers to. */
  Set<String> refs() throws IOException;
}
