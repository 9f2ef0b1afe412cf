package nl.opencordon.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.Done;

/**
 * The bench's roadside signs: a verdict reaching a sign ends the latency of its passage, from the moment the
 * passage was handed to its camera actor. Signs answer at once, so the figure is the controller's own.
 */
final class VerdictProbe {
  /** Plate as the sign shows it, to the nano time its passage was handed over. */
  private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
  private final Recorder micros = new Recorder(3);

  void handedOver(String displayedPlate, long nanoTime) {
    pending.put(displayedPlate, nanoTime);
  }

  SignDriver sign() {
    return new SignDriver() {
      @Override
      public CompletionStage<Done> show(Display.Message message) {
        Long since = pending.remove(message.plate());
        if (since != null) {
          micros.recordValue((System.nanoTime() - since) / 1000);
        }
        return CompletableFuture.completedFuture(Done.getInstance());
      }

      @Override
      public CompletionStage<Done> ping() {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
    };
  }

  /** Latencies in microseconds recorded since the previous call. */
  Histogram interval() {
    return micros.getIntervalHistogram();
  }
}
