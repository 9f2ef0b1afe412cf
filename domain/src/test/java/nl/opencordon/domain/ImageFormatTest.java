package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  private static byte[] encode(String format) throws Exception {
    BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, 0xF5C518);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out));
    return out.toByteArray();
  }

  @Test
  void realJpegAndPngAreKnownByTheirBytes() throws Exception {
    assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.of(encode("jpg")));
    assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.of(encode("png")));
    assertEquals("image/jpeg", ImageFormat.JPEG.mediaType());
  }

  @Test
  void anythingElseIsNoImage() throws Exception {
    assertEquals(Optional.empty(), ImageFormat.of("<html><script>alert(1)</script></html>"
        .getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), ImageFormat.of("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        .getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), ImageFormat.of(encode("gif")));
    assertEquals(Optional.empty(), ImageFormat.of(new byte[0]));
    assertEquals(Optional.empty(), ImageFormat.of(null));
    // the magic number alone, with nothing after it, is no picture
    assertEquals(Optional.empty(), ImageFormat.of(Arrays.copyOf(encode("png"), 8)));
  }

  @Test
  void placeholderTypesAreNoRealPicture() {
    assertTrue(ImageFormat.isImage("image/png"));
    assertTrue(ImageFormat.isImage("IMAGE/JPEG"));
    assertFalse(ImageFormat.isImage("image/svg+xml"));
    assertFalse(ImageFormat.isImage(null));
  }
}
