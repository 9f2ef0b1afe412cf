package nl.opencordon.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * A picture that came with a passage (overview, plate crop), travelling with the passage to the node whose gate
 * decides on it: the gate keeps the pictures of a violation where every node reads them, and drops those of a
 * compliant vehicle with the passage.
 *
 * @param ref the passage's reference to it ({@code Passage.imageRefs()})
 * @param mediaType what its bytes proved it to be ({@link ImageFormat})
 */
public record Picture(String ref, String mediaType, byte[] content) {

  /** Equal by content, not by array identity, so that a picture read back from the wire equals the one sent. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Picture p && ref.equals(p.ref) && mediaType.equals(p.mediaType)
        && Arrays.equals(content, p.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ref, mediaType, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "Picture[" + ref + ", " + mediaType + ", " + content.length + " bytes]";
  }
}
