package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrintableTextTest {
  @Test
  void lineBreaksControlsAndUndrawableCharactersCannotReachTheDocument() {
    // a font of Latin letters only
    assertEquals("bord beklad ? zie foto\u00e9 ? einde", PrintableText.line(
        "bord beklad \uD83D\uDC4D\u200D zie foto\u0065\u0301\n\uD83D\uDE00\t\u0007einde", cp -> cp < 0x250));
  }
}
