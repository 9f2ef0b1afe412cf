package nl.opencordon.actors.display;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Port for the roadside-displays module: the connection to one LED "kentekencheck" sign. A stage that fails
 * or does not complete within the display's timeout counts against the sign's health.
 */
public interface SignDriver {
  CompletionStage<Done> show(Display.Message message);

  /** Asks the sign whether it is alive. */
  CompletionStage<Done> ping();
}
