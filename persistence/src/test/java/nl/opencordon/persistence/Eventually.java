package nl.opencordon.persistence;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that another node or process makes true, and says how long it took. */
public final class Eventually {
  private Eventually() {}

  /** @return how long until {@code condition} held; fails naming {@code what} when it did not within {@code max} */
  public static Duration within(Duration max, String what, BooleanSupplier condition) {
    long start = System.nanoTime();
    await(what).atMost(max).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
