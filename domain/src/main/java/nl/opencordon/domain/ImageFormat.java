package nl.opencordon.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The only kinds of picture accepted as evidence, told by their first bytes (magic numbers), never by what the
 * sender declared: a camera that sends {@code text/html} with a script as "evidence" is refused, and what is
 * stored is served with the type its bytes prove.
 */
public enum ImageFormat {
  JPEG("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
  PNG("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});

  /** What a refusal tells the sender. */
  public static final String ACCEPTED = "a JPEG or PNG image";

  private final String mediaType;
  private final byte[] magic;

  ImageFormat(String mediaType, byte[] magic) {
    this.mediaType = mediaType;
    this.magic = magic;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format the content's first bytes prove; empty for anything else (HTML, SVG, GIF, a truncated file). */
  public static Optional<ImageFormat> of(byte[] content) {
    if (content == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(f -> content.length > f.magic.length
        && Arrays.equals(content, 0, f.magic.length, f.magic, 0, f.magic.length)).findFirst();
  }

  /** Whether a stored media type is one of these, i.e. a real picture rather than a placeholder. */
  public static boolean isImage(String mediaType) {
    return Arrays.stream(values()).anyMatch(f -> f.mediaType.equalsIgnoreCase(mediaType));
  }
}
