package nl.opencordon.insight.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Re-keys a vehicle key with an HMAC whose key is random, lives in memory only and is replaced every local
 * day: the same vehicle gets the same pseudonym within a day (so origin-destination pairs can be formed) and
 * an unrelated one the next day. The old key is dropped at once, so yesterday's pseudonyms cannot be
 * recomputed by anyone. Not thread-safe: it lives inside one actor.
 */
final class DailyPseudonyms {
  private final SecureRandom random = new SecureRandom();
  private LocalDate day;
  private Mac mac;

  /** 128 bits of the HMAC: small enough to keep a day's vehicles in memory, far too many to collide. */
  record Pseudonym(long high, long low) {}

  /** The pseudonym of {@code vehicleKey} on {@code on}; a new day rotates the key. */
  Pseudonym of(String vehicleKey, LocalDate on) {
    if (!on.equals(day)) {
      rotate(on);
    }
    ByteBuffer hmac = ByteBuffer.wrap(mac.doFinal(vehicleKey.getBytes(StandardCharsets.UTF_8)));
    return new Pseudonym(hmac.getLong(), hmac.getLong());
  }

  /** The day whose key is in use, or null before the first pseudonym. */
  LocalDate day() {
    return day;
  }

  private void rotate(LocalDate on) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
    day = on;
  }
}
