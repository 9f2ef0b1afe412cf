package nl.opencordon.domain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A licence plate (kenteken) normalised to upper case without separators, with its country ({@link #NO_COUNTRY}
 * when the read had none). Dutch plates carry their sidecode (1-14); foreign plates, reads without a country and
 * unrecognised Dutch patterns carry 0.
 */
public record Plate(String text, String country, int sidecode) {

  public static final String NL = "NL";

  /** The country of a read that named none: not assumed to be Dutch. */
  public static final String NO_COUNTRY = "";

  /** Dutch sidecodes in order: X = letter, 9 = digit; the index + 1 is the sidecode. */
  private static final List<Pattern> SIDECODES = List.of(
      "[A-Z]{2}[0-9]{2}[0-9]{2}", "[0-9]{2}[0-9]{2}[A-Z]{2}", "[0-9]{2}[A-Z]{2}[0-9]{2}",
      "[A-Z]{2}[0-9]{2}[A-Z]{2}", "[A-Z]{2}[A-Z]{2}[0-9]{2}", "[0-9]{2}[A-Z]{2}[A-Z]{2}",
      "[0-9]{2}[A-Z]{3}[0-9]", "[0-9][A-Z]{3}[0-9]{2}", "[A-Z]{2}[0-9]{3}[A-Z]",
      "[A-Z][0-9]{3}[A-Z]{2}", "[A-Z]{3}[0-9]{2}[A-Z]", "[A-Z][0-9]{2}[A-Z]{3}",
      "[0-9][A-Z]{2}[0-9]{3}", "[0-9]{3}[A-Z]{2}[0-9]")
      .stream().map(Pattern::compile).toList();

  /** Where the dashes go per sidecode, as lengths of the groups. */
  private static final int[][] GROUPS = {
      {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2},
      {2, 3, 1}, {1, 3, 2}, {2, 3, 1}, {1, 3, 2}, {3, 2, 1}, {1, 2, 3}, {1, 2, 3}, {3, 2, 1}};

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{1,3}");

  public Plate {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(country, "country");
  }

  /**
   * Normalises a plate as read by a camera: drops spaces, dashes and dots, upper-cases, and derives the
   * sidecode for Dutch plates. A blank or missing country stays {@link #NO_COUNTRY}: a read without a country is
   * not taken for a Dutch one.
   *
   * @throws IllegalArgumentException when the text is empty, has characters other than letters and
   *     digits, or the country code is not 1-3 letters
   */
  public static Plate of(String raw, String country) {
    if (raw == null) {
      throw new IllegalArgumentException("plate is required");
    }
    String c = country == null || country.isBlank() ? NO_COUNTRY : country.trim().toUpperCase(Locale.ROOT);
    if (!c.isEmpty() && !COUNTRY.matcher(c).matches()) {
      throw new IllegalArgumentException("country must be 1-3 letters, got '" + country + "'");
    }
    String t = raw.toUpperCase(Locale.ROOT).replaceAll("[\\s\\-.·]", "");
    if (t.isEmpty() || t.length() > 12 || !t.chars().allMatch(ch -> (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) {
      throw new IllegalArgumentException("plate must be 1-12 letters/digits, got '" + raw + "'");
    }
    return new Plate(t, c, NL.equals(c) ? sidecodeOf(t) : 0);
  }

  public static Plate dutch(String raw) {
    return of(raw, NL);
  }

  static int sidecodeOf(String t) {
    for (int i = 0; i < SIDECODES.size(); i++) {
      if (SIDECODES.get(i).matcher(t).matches()) {
        return i + 1;
      }
    }
    return 0;
  }

  public boolean isDutch() {
    return NL.equals(country);
  }

  /**
   * Read as Dutch and shaped as one of the Dutch sidecodes: the only plates the vehicle register (RDW) may be
   * asked about. A read without a country, or an NL read that fits no sidecode (a misread, or a plate RDW's open
   * data does not hold), is never looked up as a Dutch vehicle.
   */
  public boolean isDutchRegistration() {
    return isDutch() && sidecode > 0;
  }

  /** Dutch plates with a known sidecode are written with dashes (AB-12-CD); others as read. */
  public String display() {
    if (sidecode == 0) {
      return text;
    }
    int[] g = GROUPS[sidecode - 1];
    return text.substring(0, g[0]) + "-" + text.substring(g[0], g[0] + g[1]) + "-" + text.substring(g[0] + g[1]);
  }

  /** A plate with its last characters masked, for logs and screens that must not show plates. */
  public String masked() {
    return text.length() <= 2 ? "**" : text.substring(0, 2) + "*".repeat(text.length() - 2);
  }

  @Override
  public String toString() {
    return (country.isEmpty() ? "?" : country) + ":" + masked();
  }
}
