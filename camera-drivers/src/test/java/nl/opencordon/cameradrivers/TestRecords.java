package nl.opencordon.cameradrivers;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.Site;

/** A camera and passage records in the push format, as the driver tests send them. */
public final class TestRecords {
  private TestRecords() {}

  public static final CityLayout.Camera CAMERA = camera("noord-1");
  public static final PlateHasher HASHER = new PlateHasher("format-test-secret-0123456789");

  public static CityLayout.Camera camera(String id) {
    return new CityLayout.Camera(id, "noord", false, 2,
        new Site("DS-N01", "Weerdsingel", "zuid", new GeoPoint(52.0958, 5.1188), null));
  }

  /** A real JPEG of a few hundred bytes, as the overview of {@link #record}. */
  public static final byte[] JPEG = image("jpg");
  /** A real PNG. */
  public static final byte[] PNG = image("png");

  private static byte[] image(String format) {
    BufferedImage image = new BufferedImage(24, 12, BufferedImage.TYPE_INT_RGB);
    image.setRGB(5, 5, 0xF5C518);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A complete record as a camera sends it, with a base64 overview (a JPEG) and a plate image by reference. */
  public static String record(String id, String plate) {
    return """
        {"id": "%s", "timestamp": "2025-03-03T08:15:02.120+01:00", "lane": 1, "direction": "zuid",
         "plate": {"text": "%s", "country": "NL", "confidence": 0.97,
                   "characterConfidences": [0.99, 0.98, 0.97, 0.99, 0.99, 0.98]},
         "vehicle": {"category": "N1", "speedKmh": 31.5},
         "images": [{"kind": "overview", "contentType": "image/jpeg", "data": "%s"},
                    {"kind": "plate", "ref": "https://camera.example/img/%s/plate.png"}]}
        """.formatted(id, plate, Base64.getEncoder().encodeToString(JPEG), id);
  }
}
