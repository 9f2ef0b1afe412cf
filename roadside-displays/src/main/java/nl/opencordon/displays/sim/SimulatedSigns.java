package nl.opencordon.displays.sim;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import org.apache.pekko.Done;

/**
 * Simulated LED "kentekencheck" signs: each remembers what it shows, so a web page or a test can look at
 * the sign, and can be made to hang as a real sign with a frozen controller does.
 */
public final class SimulatedSigns {
  private final Map<String, Display.Message> showing = new ConcurrentHashMap<>();
  private final Map<String, Boolean> hung = new ConcurrentHashMap<>();

  public SignDriver driverFor(String displayId) {
    return new SignDriver() {
      @Override
      public CompletionStage<Done> show(Display.Message message) {
        if (isHung(displayId)) {
          return new CompletableFuture<>(); // never answers, like a frozen sign
        }
        showing.put(displayId, message);
        return CompletableFuture.completedFuture(Done.getInstance());
      }

      @Override
      public CompletionStage<Done> ping() {
        return isHung(displayId) ? new CompletableFuture<>() : CompletableFuture.completedFuture(Done.getInstance());
      }
    };
  }

  public Optional<Display.Message> showing(String displayId) {
    return Optional.ofNullable(showing.get(displayId));
  }

  public void hang(String displayId, boolean hang) {
    hung.put(displayId, hang);
  }

  private boolean isHung(String displayId) {
    return hung.getOrDefault(displayId, false);
  }
}
