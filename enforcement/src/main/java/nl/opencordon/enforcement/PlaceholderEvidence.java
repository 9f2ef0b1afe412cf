package nl.opencordon.enforcement;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
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
 */
public final class PlaceholderEvidence implements EvidenceSource {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Override
  public Image fetch(String ref, Zone.CaseOpened theCase) throws IOException {
    Sighting s = theCase.sighting();
    BufferedImage img = new BufferedImage(480, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(new Color(0x20, 0x24, 0x2a));
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(new Color(0xf5, 0xc5, 0x18)); // Dutch plate yellow
      g.fillRoundRect(20, 20, 260, 60, 10, 10);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 36));
      g.drawString(s.plate().display(), 34, 64);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
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
}
