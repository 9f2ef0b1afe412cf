package nl.opencordon.enforcement;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.Passage;

/**
 * Evidence for simulated cameras, whose references (sim://...) point at no image: a small SVG that says it
 * is simulated and shows the plate, time and site, so the review screen and the export have something real
 * to show and hash. SVG rather than PNG because it is written as text: the PNG encoder took a quarter of the
 * controller's CPU on the cases projection's path in the bench. Demo only ({@code
 * anpr.enforcement.placeholder-evidence}): it is no picture of the vehicle, so elsewhere a case without a real
 * picture says so and cannot be approved or exported.
 */
public final class PlaceholderEvidence implements EvidenceSource {
  static final String MEDIA_TYPE = "image/svg+xml";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Override
  public Image fetch(String ref, Zone.CaseOpened theCase) {
    Sighting s = theCase.sighting();
    List<String> lines = List.of("SIMULATED EVIDENCE - no camera image",
        s.at().atZone(Passage.LOCAL).format(TIME) + " (Europe/Amsterdam)",
        s.site().locationCode() + "  " + s.site().street() + ", richting " + s.site().direction(),
        "camera " + s.cameraId() + "  " + ref);
    StringBuilder svg = new StringBuilder("""
        <svg xmlns="http://www.w3.org/2000/svg" width="480" height="200" viewBox="0 0 480 200" \
        font-family="sans-serif">
        <rect width="480" height="200" fill="#20242a"/>
        <rect x="20" y="20" width="260" height="60" rx="10" fill="#f5c518"/>
        """);
    svg.append("<text x=\"34\" y=\"64\" font-size=\"36\" font-weight=\"bold\">").append(escape(s.plate().display()))
        .append("</text>\n");
    for (int i = 0; i < lines.size(); i++) {
      svg.append("<text x=\"20\" y=\"").append(110 + 22 * i).append("\" font-size=\"14\" fill=\"#ffffff\">")
          .append(escape(lines.get(i))).append("</text>\n");
    }
    svg.append("</svg>\n");
    return new Image(svg.toString().getBytes(StandardCharsets.UTF_8), MEDIA_TYPE);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
