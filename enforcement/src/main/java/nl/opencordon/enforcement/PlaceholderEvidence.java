package nl.opencordon.enforcement;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.imageio.ImageIO;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.Passage;

/**
 * Evidence for simulated cameras, whose references (sim://...) point at no image: a small PNG that says it
 * is simulated and shows the plate, time and site, so the review screen and the export have something real
 * to show and hash. Cameras with images plug in their own {@link EvidenceSource}.
 *
 * <p>It is drawn in four colours without anti-aliasing (a 2-bit palette PNG): the cases projection renders one
 * per case, and a true-colour, anti-aliased image cost about three times the CPU for a picture that only says
 * "simulated".
 */
public final class PlaceholderEvidence implements EvidenceSource {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Color BACKGROUND = new Color(0x20, 0x24, 0x2a);
  private static final Color PLATE_YELLOW = new Color(0xf5, 0xc5, 0x18); // Dutch plate yellow
  private static final IndexColorModel PALETTE = palette(BACKGROUND, PLATE_YELLOW, Color.BLACK, Color.WHITE);
  private static final Font PLATE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 36);
  private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

  @Override
  public Image fetch(String ref, Zone.CaseOpened theCase) throws IOException {
    Sighting s = theCase.sighting();
    BufferedImage img = new BufferedImage(480, 200, BufferedImage.TYPE_BYTE_BINARY, PALETTE);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(BACKGROUND);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(PLATE_YELLOW);
      g.fillRoundRect(20, 20, 260, 60, 10, 10);
      g.setColor(Color.BLACK);
      g.setFont(PLATE_FONT);
      g.drawString(s.plate().display(), 34, 64);
      g.setColor(Color.WHITE);
      g.setFont(TEXT_FONT);
      List<String> lines = List.of("SIMULATED EVIDENCE - no camera image",
          s.at().atZone(Passage.LOCAL).format(TIME) + " (Europe/Amsterdam)",
          s.site().locationCode() + "  " + s.site().street() + ", richting " + s.site().direction(),
          "camera " + s.cameraId() + "  " + ref);
      int y = 110;
      for (String line : lines) {
        g.drawString(line, 20, y);
        y += 22;
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return new Image(out.toByteArray(), "image/png");
  }

  private static IndexColorModel palette(Color... colors) {
    byte[] r = new byte[colors.length];
    byte[] g = new byte[colors.length];
    byte[] b = new byte[colors.length];
    for (int i = 0; i < colors.length; i++) {
      r[i] = (byte) colors[i].getRed();
      g[i] = (byte) colors[i].getGreen();
      b[i] = (byte) colors[i].getBlue();
    }
    return new IndexColorModel(2, colors.length, r, g, b);
  }
}
