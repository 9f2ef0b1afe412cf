package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** A dossier's picture page holds the camera's picture with its caption, pixel for pixel; long lines wrap. */
class TextPdfTest {

  @Test
  void aPicturePageHoldsThePictureAndItsCaption() throws Exception {
    BufferedImage picture = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    picture.setRGB(10, 20, Color.ORANGE.getRGB());
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(picture, "png", png);
    byte[] pdf;
    try (TextPdf doc = new TextPdf(10, 13, 50, 800)) {
      doc.page(List.of("Dossier"));
      doc.picture("Foto 1, SHA-256 abc123", png.toByteArray());
      pdf = doc.bytes();
    }
    try (PDDocument read = Loader.loadPDF(pdf)) {
      assertEquals(2, read.getNumberOfPages());
      assertTrue(new PDFTextStripper().getText(read).contains("Foto 1, SHA-256 abc123"));
      List<PDImageXObject> images = new ArrayList<>();
      PDPage page = read.getPage(1);
      for (COSName name : page.getResources().getXObjectNames()) {
        images.add((PDImageXObject) page.getResources().getXObject(name));
      }
      assertEquals(1, images.size());
      BufferedImage back = images.get(0).getImage();
      assertEquals(List.of(640, 480), List.of(back.getWidth(), back.getHeight()));
      assertArrayEquals(new int[] {Color.ORANGE.getRGB()}, new int[] {back.getRGB(10, 20)});
    }
  }

  @Test
  void linesAreCutAtSpacesAndAWordLongerThanALineIsCut() {
    assertEquals(List.of("aaa bbb", "  ccc"), TextPdf.wrap("aaa bbb ccc", 8, "  "));
    // a note without spaces: the first wrap used to find only the indent's spaces and never ended
    String word = "x".repeat(20);
    assertEquals(List.of("note", "  xxxxxx", "  xxxxxx", "  xxxxxx", "  xx"), TextPdf.wrap("note " + word, 8, "  "));
  }
}
