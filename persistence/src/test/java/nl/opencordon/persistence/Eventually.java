package nl.opencordon.persistence;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that another node or process makes true, and says how long it took. */
public final class Eventually {
  private Eventually() {}

  /** @return how long until {@code condition} held; fails naming {@code what} when it did not within {@code max} */
  public static Duration within(Duration max, String what, BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start > max.toNanos()) {
        throw new AssertionError(what + " did not happen within " + max);
      }
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
