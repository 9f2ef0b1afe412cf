package nl.opencordon.controller;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prints what the demo city is doing: passages per second, vehicles, violations, cases, device health. */
final class DemoReporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoReporter.class);
  private final Controller controller;
  private Cancellable schedule;
  private long lastPassages = -1;
  private long lastAt;

  private DemoReporter(Controller controller) {
    this.controller = controller;
  }

  /** Reports on Pekko's scheduler, on the blocking dispatcher: a report waits for the actors' answers. */
  static DemoReporter start(Controller controller, Duration interval) {
    DemoReporter r = new DemoReporter(controller);
    var system = controller.system();
    r.schedule = system.scheduler().scheduleWithFixedDelay(interval, interval, r::report,
        system.dispatchers().lookup(DispatcherSelector.blocking()));
    return r;
  }

  private void report() {
    try {
      Duration t = Duration.ofSeconds(3);
      var sys = controller.system();
      List<Camera.Status> cams = controller.devices().cameras().values().stream()
          .map(c -> AskPattern.ask(c, Camera.GetStatus::new, t, sys.scheduler()).toCompletableFuture())
          .map(CompletableFuture::join).toList();
      List<Gate.Status> gates = controller.devices().gates().values().stream()
          .map(g -> AskPattern.ask(g, Gate.GetStatus::new, t, sys.scheduler()).toCompletableFuture())
          .map(CompletableFuture::join).toList();
      List<Display.Status> displays = controller.devices().displays().values().stream()
          .map(d -> AskPattern.ask(d, Display.GetStatus::new, t, sys.scheduler()).toCompletableFuture())
          .map(CompletableFuture::join).toList();
      long passages = cams.stream().mapToLong(c -> c.last24Hours().total()).sum();
      long now = System.nanoTime();
      String rate = lastPassages < 0 ? "-" : String.format("%.1f", (passages - lastPassages) * 1e9 / (now - lastAt));
      lastPassages = passages;
      lastAt = now;
      log.info("Demo: {} passages/s | {} vehicles, {} merged reads, {} violations | {} cases in PostgreSQL | "
              + "cameras up {}/{} | displays up {}/{}", rate,
          gates.stream().mapToLong(Gate.Status::vehicles).sum(), gates.stream().mapToLong(Gate.Status::merged).sum(),
          gates.stream().mapToLong(Gate.Status::violations).sum(), controller.cases().count(),
          cams.stream().filter(c -> c.health() == DeviceHealth.UP).count(), cams.size(),
          displays.stream().filter(d -> d.health() == DeviceHealth.UP).count(), displays.size());
    } catch (Exception e) {
      log.warn("Demo report failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    schedule.cancel();
  }
}
