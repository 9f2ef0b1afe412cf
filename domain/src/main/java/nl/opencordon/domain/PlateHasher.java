package nl.opencordon.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA256) of a plate, so state and counters can be kept per vehicle without the plate
 * itself. The key is a deployment secret: without it a hash cannot be turned back into a plate by trying
 * all plates.
 */
public final class PlateHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public PlateHasher(String secret) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("plate hash secret must be at least 16 characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** 128 bits of the HMAC in hex: plenty against collisions for tens of millions of plates. */
  public String hash(Plate plate) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] h = mac.doFinal((plate.country() + ":" + plate.text()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
