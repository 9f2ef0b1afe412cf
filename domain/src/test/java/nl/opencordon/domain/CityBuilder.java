package nl.opencordon.domain;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one way tests write a city (the {@code anpr.city} block): zones, gates, cameras and displays, as HOCON for a
 * config file or as the {@link CityLayout} it loads to. Cameras and displays stand at their gate's position
 * unless told otherwise, so a test names only what it is about.
 *
 * <pre>{@code
 * CityBuilder.named("Teststad")
 *     .zone("ze", "ZE-zone", CityBuilder.NATIONAL_ZE, "phases { enforcement = \"2025-01-01\" }")
 *     .gate("in", "ze", "entry", 52.09, 5.11)
 *     .camera("in-1", "in", "A-01", "Singel", "zuid")
 *     .layout();
 * }</pre>
 */
public final class CityBuilder {
  /** The national ZE-zone regime: new vans zero-emission from 2025, older ones by euro class until 2027/2029. */
  public static final String NATIONAL_ZE = "regime { type = zero-emission, new-registration-cutoff = \"2025-01-01\", "
      + "van-euro5-last-day = \"2026-12-31\", van-euro6-last-day = \"2027-12-31\", "
      + "heavy-euro6-last-day = \"2029-12-31\" }";
  /** A milieuzone: diesel cars and trucks euro 6 at least, mopeds first admitted from 2011. */
  public static final String MILIEUZONE = "regime { type = milieuzone, min-diesel-light-class = 6, "
      + "min-diesel-heavy-class = 6, moped-first-admission-from = \"2011-01-01\" }";
  /** A closed area that only mopeds may enter. */
  public static final String MOPEDS_ONLY = "regime { type = closed-area, allowed-categories = [MOPED] }";
  /** Announced mid 2024, warned from October, enforced from 2025. */
  public static final String PHASED_2025 =
      "phases { announcement = \"2024-07-01\", warning = \"2024-10-01\", enforcement = \"2025-01-01\" }";
  /** Enforced from 2025, without announcement or warning period. */
  public static final String ENFORCED_2025 = "phases { enforcement = \"2025-01-01\" }";

  private final String name;
  private final List<String> zones = new ArrayList<>();
  private final Map<String, double[]> gatePositions = new LinkedHashMap<>();
  private final List<String> gates = new ArrayList<>();
  private final List<String> cameras = new ArrayList<>();
  private final List<String> displays = new ArrayList<>();

  private CityBuilder(String name) {
    this.name = name;
  }

  public static CityBuilder named(String name) {
    return new CityBuilder(name);
  }

  /**
   * A city whose zone "ze" ({@code zone}: its HOCON lines, as for {@link #zone}) has an entry gate "ze-in" with camera
   * "ze-1" (site H-01, Weerdsingel) and a scan car "scan-1" (site H-SCAN, Oudegracht) at gate "ze-scan": the
   * two ways a vehicle is seen in a zone; a test adds what it needs more.
   */
  public static CityBuilder entryAndScanCar(String name, String... zone) {
    return named(name).zone("ze", "ZE-zone", zone)
        .gate("ze-in", "ze", "entry", 52.09, 5.11)
        .gate("ze-scan", "ze", "scan", 52.09, 5.12)
        .camera("ze-1", "ze-in", "H-01", "Weerdsingel", "zuid")
        .camera("scan-1", "ze-scan", "H-SCAN", "Oudegracht", "noord", "mobile = true");
  }

  /**
   * A zone with a recidive term of 7 days and a warning interval of 28; {@code settings} are HOCON lines of the
   * zone (its regime and phases, and what differs: {@code recidive-term = 14d}, {@code hold-period = 10d}, ...).
   */
  public CityBuilder zone(String id, String zoneName, String... settings) {
    zones.add("{ id = \"%s\", name = \"%s\", recidive-term = 7d, warning-interval = 28d\n  %s }"
        .formatted(id, zoneName, String.join("\n  ", settings)));
    return this;
  }

  /** A gate of {@code kind} entry, exit or scan. */
  public CityBuilder gate(String id, String zone, String kind, double lat, double lon) {
    gatePositions.put(id, new double[] {lat, lon});
    gates.add("{id = \"%s\", zone = \"%s\", kind = %s, position = %s}".formatted(id, zone, kind, position(lat, lon)));
    return this;
  }

  /**
   * A camera at its gate, on a site of its own; {@code settings} are more HOCON keys of the camera
   * ({@code mobile = true}, {@code lane = 2}).
   */
  public CityBuilder camera(String id, String gate, String locationCode, String street, String direction,
                            String... settings) {
    double[] at = at(gate);
    cameras.add("{id = \"%s\", gate = \"%s\"%s, site {location-code = \"%s\", street = \"%s\", direction = \"%s\", position = %s}}"
        .formatted(id, gate, settings.length == 0 ? "" : ", " + String.join(", ", settings), locationCode, street,
            direction, position(at[0], at[1])));
    return this;
  }

  /** A roadside display at its gate. */
  public CityBuilder display(String id, String gate) {
    double[] at = at(gate);
    displays.add("{id = \"%s\", gate = \"%s\", position = %s}".formatted(id, gate, position(at[0], at[1])));
    return this;
  }

  /** The city as HOCON, the body of {@code anpr.city}. */
  public String hocon() {
    return """
        name = "%s"
        zones = [
        %s
        ]
        gates = [
        %s
        ]
        cameras = [
        %s
        ]
        displays = [
        %s
        ]
        """.formatted(name, String.join("\n", zones), String.join("\n", gates), String.join("\n", cameras),
        String.join("\n", displays));
  }

  /** The city as the controller loads it. */
  public CityLayout layout() {
    return CityConfig.load(ConfigFactory.parseString(hocon()).resolve());
  }

  private double[] at(String gate) {
    double[] at = gatePositions.get(gate);
    if (at == null) {
      throw new IllegalArgumentException("no gate " + gate + " (add it before its cameras and displays)");
    }
    return at;
  }

  private static String position(double lat, double lon) {
    return String.format(Locale.ROOT, "[%s, %s]", lat, lon);
  }
}
