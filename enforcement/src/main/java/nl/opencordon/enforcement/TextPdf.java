package nl.opencordon.enforcement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.domain.PrintableText;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A PDF of A4 pages of plain text lines in the Unicode sans font PDFBox ships (Dutch letters need more than
 * the standard 14 fonts), and pages with a picture: warning letters, the schouw proces-verbaal, a case's dossier. Every line goes through
 * {@link PrintableText}, so free text (a schouw note with an emoji or a line break) cannot break the document.
 */
final class TextPdf implements AutoCloseable {
  private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

  private final PDDocument doc = new PDDocument();
  private final InputStream fontFile = TextPdf.class.getResourceAsStream(FONT);
  private final PDFont font;
  private final float size;
  private final float leading;
  private final float left;
  private final float top;

  TextPdf(float size, float leading, float left, float top) throws IOException {
    this.font = PDType0Font.load(doc, fontFile);
    this.size = size;
    this.leading = leading;
    this.left = left;
    this.top = top;
  }

  /**
   * A line cut at spaces into lines of at most {@code width} characters, each after the first starting with
   * {@code indent}; a word that does not fit after the indent is cut at the width, so every turn makes progress.
   */
  static List<String> wrap(String line, int width, String indent) {
    List<String> out = new ArrayList<>();
    String rest = line;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      cut = cut < indent.length() ? width : cut;
      out.add(rest.substring(0, cut));
      rest = indent + rest.substring(cut).strip();
    }
    out.add(rest);
    return out;
  }

  /** Adds a page with these lines from the top left. */
  void page(List<String> lines) throws IOException {
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
      text.beginText();
      text.setFont(font, size);
      text.setLeading(leading);
      text.newLineAtOffset(left, top);
      for (String line : lines) {
        text.showText(PrintableText.line(line, this::drawable));
        text.newLine();
      }
      text.endText();
    }
  }

  /**
   * Adds a page with a caption line and a picture (JPEG or PNG) scaled to fit the page's width below it, as
   * the camera gave it: no pixel is changed.
   */
  void picture(String caption, byte[] content) throws IOException {
    PDImageXObject image = PDImageXObject.createFromByteArray(doc, content, caption);
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    float width = PDRectangle.A4.getWidth() - 2 * left;
    float scale = Math.min(1, Math.min(width / image.getWidth(), (top - 2 * leading - 40) / image.getHeight()));
    try (PDPageContentStream stream = new PDPageContentStream(doc, page)) {
      stream.beginText();
      stream.setFont(font, size);
      stream.newLineAtOffset(left, top);
      stream.showText(PrintableText.line(caption, this::drawable));
      stream.endText();
      stream.drawImage(image, left, top - 2 * leading - image.getHeight() * scale, image.getWidth() * scale,
          image.getHeight() * scale);
    }
  }

  /** Whether the font has a glyph for the code point (PDFBox refuses a line with one it lacks). */
  private boolean drawable(int codePoint) {
    try {
      font.encode(Character.toString(codePoint));
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  byte[] bytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    try (fontFile) {
      doc.close();
    }
  }
}
