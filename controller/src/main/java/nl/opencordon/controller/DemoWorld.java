package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.PlateHasher;

/** {@code cordon demo}: the demo city of {@code demo.conf} on its simulated outside world, reported every 10 s. */
public final class DemoWorld {
  private DemoWorld() {}

  public static void run() throws Exception {
    Config config = ConfigFactory.load("demo");
    CityLayout layout = CityConfig.load(config.getConfig("anpr.city"));
    PlateHasher hasher = new PlateHasher(config.getString("anpr.controller.plate-hash-secret"));
    Node node = Node.start(config, layout, true,
        (database, toClose) -> DemoCity.create(layout, hasher, config.getConfig("anpr.demo"), database).adapters());
    Controller controller = node.controller();
    DemoReporter reporter = DemoReporter.start(controller, config.getDuration("anpr.demo.report-interval"));
    controller.system().getWhenTerminated().thenRun(reporter::close);
    String base = "http://" + config.getString("anpr.controller.http.host") + ":" + controller.httpPort();
    System.out.printf("""

        Cordon controller running: demo city %s
          zones %d, gates %d, cameras %d (simulated, %.1f passages/s each), displays %d
          database   %s
          control room  %s/   (users controlroom, operations, officer, admin; password demo-<name>)
          pages         %s/officer  %s/operations  %s/signs/<display id>
          API           %s/api/cameras  %s/api/cases  %s/api/city
          metrics       %s/metrics    health %s/health/ready
        Ctrl-C stops it; zone state and cases survive a restart.

        """, layout.name(), layout.zones().size(), layout.gates().size(), layout.cameras().size(),
        config.getDouble("anpr.demo.passages-per-camera-per-second"), layout.displays().size(),
        node.databaseUrl(), base, base, base, base, base, base, base, base, base);
  }
}
