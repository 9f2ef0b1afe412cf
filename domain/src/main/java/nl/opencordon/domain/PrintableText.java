package nl.opencordon.domain;

import java.text.Normalizer;
import java.util.function.IntPredicate;

/**
 * Free text (schouw notes, letters, street names) made fit for one line of a document whose font cannot draw
 * everything: composed (NFC), line breaks and tabs as spaces, control and format characters (zero-width
 * joiners) dropped, and each character the font has no glyph for (an emoji) replaced by {@code ?}. One emoji
 * or newline in a note once made a month's proces-verbaal impossible to print.
 */
public final class PrintableText {
  private PrintableText() {}

  /** @param drawable whether the document's font can draw a code point */
  public static String line(String text, IntPredicate drawable) {
    StringBuilder out = new StringBuilder(text.length());
    Normalizer.normalize(text, Normalizer.Form.NFC).codePoints().forEach(cp -> {
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        out.append(' ');
      } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        return;
      } else if (drawable.test(cp)) {
        out.appendCodePoint(cp);
      } else {
        out.append('?');
      }
    });
    return out.toString();
  }
}
