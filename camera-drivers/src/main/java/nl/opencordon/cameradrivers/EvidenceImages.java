package nl.opencordon.cameradrivers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * The images that came with passages (overview and plate crop), kept in memory only and referred to from
 * {@code Passage.imageRefs()} as {@code mem://camera/passage/kind}. Most passages are no-hits whose images
 * may never reach disk; the evidence store copies the images of a case from here. Bounded by total size
 * and by age (72 h at most, the legal maximum for no-hits).
 */
public final class EvidenceImages {
  public static final String SCHEME = "mem://";

  public record Image(String contentType, byte[] data) {}

  private final Cache<String, Image> images;

  public EvidenceImages(long maxBytes, Duration keepFor) {
    images = Caffeine.newBuilder().maximumWeight(maxBytes)
        .weigher((String ref, Image image) -> image.data().length + ref.length())
        .expireAfterWrite(keepFor).build();
  }

  /** From {@code anpr.camera-drivers.evidence}. */
  public static EvidenceImages fromConfig(Config c) {
    return new EvidenceImages(c.getBytes("max-bytes"), c.getDuration("keep-for"));
  }

  /** Keeps an image and returns its reference. */
  public String put(String cameraId, String passageId, String kind, String contentType, byte[] data) {
    String ref = SCHEME + cameraId + "/" + passageId + "/" + kind;
    images.put(ref, new Image(contentType, data));
    return ref;
  }

  public Optional<Image> get(String ref) {
    return Optional.ofNullable(images.getIfPresent(ref));
  }
}
