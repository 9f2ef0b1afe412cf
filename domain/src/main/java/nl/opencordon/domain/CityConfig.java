package nl.opencordon.domain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a {@link CityLayout} from HOCON (see controller's demo-city.conf for an annotated example). All
 * problems are collected and reported together, each with its path, so an operator can fix a file in one go.
 */
public final class CityConfig {
  private final List<String> errors = new ArrayList<>();

  private CityConfig() {}

  /** Thrown with every problem found in a city file. */
  public static final class InvalidCityException extends RuntimeException {
    private final List<String> problems;

    InvalidCityException(List<String> problems) {
      super("invalid city configuration:\n - " + String.join("\n - ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static CityLayout load(Config city) {
    CityConfig reader = new CityConfig();
    CityLayout layout = reader.read(city);
    if (!reader.errors.isEmpty()) {
      throw new InvalidCityException(reader.errors);
    }
    return layout;
  }

  private CityLayout read(Config c) {
    String name = attempt("name", () -> c.getString("name"));
    List<ZoneDefinition> zones = list(c, "zones", this::zone);
    Set<String> zoneIds = new HashSet<>();
    zones.forEach(z -> {
      if (z != null && !zoneIds.add(z.id())) {
        errors.add("zones: duplicate zone id '" + z.id() + "'");
      }
    });
    List<CityLayout.Gate> gates = list(c, "gates", g -> new CityLayout.Gate(g.getString("id"),
        known(g.getString("zone"), zoneIds, "gates: zone"), enumOf(CityLayout.GateKind.class, g.getString("kind")),
        point(g.getDoubleList("position"))));
    Set<String> gateIds = ids(gates, CityLayout.Gate::id, "gates");
    List<CityLayout.Camera> cameras = list(c, "cameras", k -> {
      boolean mobile = k.hasPath("mobile") && k.getBoolean("mobile");
      String gate = known(k.getString("gate"), gateIds, "cameras: gate");
      return new CityLayout.Camera(k.getString("id"), gate, mobile, k.hasPath("lane") ? k.getInt("lane") : 1,
          site(k.getConfig("site")));
    });
    ids(cameras, CityLayout.Camera::id, "cameras");
    List<CityLayout.Display> displays = list(c, "displays", d -> new CityLayout.Display(d.getString("id"),
        known(d.getString("gate"), gateIds, "displays: gate"), point(d.getDoubleList("position"))));
    ids(displays, CityLayout.Display::id, "displays");
    return errors.isEmpty() ? new CityLayout(name, zones, gates, cameras, displays) : null;
  }

  private ZoneDefinition zone(Config z) {
    Map<Phase, LocalDate> phases = new EnumMap<>(Phase.class);
    Config p = z.getConfig("phases");
    onlyKeys(p, "phases", List.of(Phase.values()).stream().map(ph -> ph.name().toLowerCase(Locale.ROOT)).toList());
    for (Phase phase : Phase.values()) {
      String key = phase.name().toLowerCase(Locale.ROOT);
      if (p.hasPath(key)) {
        phases.put(phase, LocalDate.parse(p.getString(key)));
      }
    }
    List<EnforcementWindow> windows = new ArrayList<>();
    List<? extends Config> windowConfigs = z.hasPath("enforcement-windows") ? z.getConfigList("enforcement-windows")
        : List.of();
    for (int i = 0; i < windowConfigs.size(); i++) {
      try {
        windows.add(window(windowConfigs.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("enforcement-windows[" + i + "]: " + e.getMessage(), e);
      }
    }
    List<GeoPoint> outline = z.hasPath("outline")
        ? z.getList("outline").unwrapped().stream().map(o -> point(((List<?>) o).stream()
            .map(n -> ((Number) n).doubleValue()).toList())).toList() : List.of();
    Regime regime = regime(z.getConfig("regime"));
    return new ZoneDefinition(z.getString("id"), z.getString("name"), regime, phases,
        windows, z.getDuration("recidive-term"), z.getDuration("warning-interval"), outline,
        z.hasPath("hold-period") ? z.getDuration("hold-period") : Duration.ZERO,
        z.hasPath("await-day-exemptions") ? z.getBoolean("await-day-exemptions")
            : ZoneDefinition.awaitsDayExemptionsByDefault(regime));
  }

  private static final Map<String, List<String>> REGIME_KEYS = Map.of(
      "zero-emission", List.of("new-registration-cutoff", "van-euro5-last-day", "van-euro6-last-day",
          "rigid-euro6-2017-last-day", "heavy-euro6-last-day", "classic-exemptions-last-day", "classic-age-years"),
      "milieuzone", List.of("min-diesel-light-class", "min-diesel-heavy-class", "heavy-kinds",
          "moped-first-admission-from", "moped-four-stroke-exempt-from", "diesel-car-first-admission-from", "classic-age-years"),
      "closed-area", List.of("allowed-categories"));

  /**
   * A regime; unknown keys are errors, so that a misspelt optional setting is not silently ignored. The dates
   * of the ZE-zone's transitions default to the law's (and the agreed ZE-7b date).
   */
  public static Regime regime(Config r) {
    String type = r.getString("type");
    List<String> keys = REGIME_KEYS.get(type);
    if (keys == null) {
      throw new ConfigException.BadValue(r.origin(), "type",
          "unknown regime '" + type + "', expected zero-emission, milieuzone or closed-area");
    }
    List<String> allowed = new ArrayList<>(keys);
    allowed.addAll(List.of("type", "exempt"));
    onlyKeys(r, "regime (" + type + ")", allowed);
    Regime.Exempt exempt = r.hasPath("exempt") ? exempt(r.getConfig("exempt")) : Regime.Exempt.NONE;
    int classicAge = r.hasPath("classic-age-years") ? r.getInt("classic-age-years") : 40;
    return switch (type) {
      case "zero-emission" -> new Regime.ZeroEmission(date(r, "new-registration-cutoff"),
          date(r, "van-euro5-last-day", Regime.ZeroEmission.LAW_VAN_EURO5_LAST_DAY),
          date(r, "van-euro6-last-day", Regime.ZeroEmission.LAW_VAN_EURO6_LAST_DAY),
          date(r, "rigid-euro6-2017-last-day", Regime.ZeroEmission.AGREED_RIGID_2017_LAST_DAY),
          date(r, "heavy-euro6-last-day", Regime.ZeroEmission.LAW_HEAVY_EURO6_LAST_DAY),
          date(r, "classic-exemptions-last-day", Regime.ZeroEmission.LAW_CLASSIC_LAST_DAY), classicAge, exempt);
      case "milieuzone" -> new Regime.Milieuzone(r.getInt("min-diesel-light-class"),
          r.getInt("min-diesel-heavy-class"),
          r.hasPath("heavy-kinds") ? categories(r.getStringList("heavy-kinds")) : Regime.Milieuzone.HEAVY_KINDS,
          date(r, "moped-first-admission-from", null), date(r, "moped-four-stroke-exempt-from", null),
          date(r, "diesel-car-first-admission-from", null),
          classicAge, exempt);
      default -> new Regime.ClosedArea(r.hasPath("allowed-categories")
          ? categories(r.getStringList("allowed-categories")) : Set.of(), exempt);
    };
  }

  private static Regime.Exempt exempt(Config e) {
    onlyKeys(e, "exempt", List.of("categories", "body-types"));
    return new Regime.Exempt(e.hasPath("categories") ? categories(e.getStringList("categories")) : Set.of(),
        e.hasPath("body-types") ? Set.copyOf(e.getStringList("body-types")) : Set.of());
  }

  private static Set<VehicleCategory> categories(List<String> names) {
    return names.stream().map(s -> enumOf(VehicleCategory.class, s)).collect(java.util.stream.Collectors.toSet());
  }

  private static void onlyKeys(Config c, String where, List<String> allowed) {
    List<String> unknown = c.root().keySet().stream().filter(k -> !allowed.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(where + ": unknown key(s) " + unknown + ", expected some of " + allowed);
    }
  }

  private static EnforcementWindow window(Config w) {
    Set<DayOfWeek> days = w.hasPath("days")
        ? new HashSet<>(w.getStringList("days").stream().map(d -> dayOf(d)).toList())
        : Set.of(DayOfWeek.values());
    return new EnforcementWindow(days, LocalTime.parse(w.getString("from")), LocalTime.parse(w.getString("to")),
        w.hasPath("grace") ? w.getDuration("grace") : EnforcementWindow.DEFAULT_GRACE);
  }

  /** A day by a prefix of its English name that fits only one day ("mo", "tu", "thu"). */
  private static DayOfWeek dayOf(String d) {
    String u = d.trim().toUpperCase(Locale.ROOT);
    List<DayOfWeek> matches = u.isEmpty() ? List.of()
        : List.of(DayOfWeek.values()).stream().filter(day -> day.name().startsWith(u)).toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException("day '" + d + "' is " + (matches.isEmpty() ? "unknown" : "ambiguous " + matches));
    }
    return matches.get(0);
  }

  static Site site(Config s) {
    return new Site(s.getString("location-code"), s.getString("street"), s.getString("direction"),
        point(s.getDoubleList("position")),
        s.hasPath("observation-template") ? s.getString("observation-template") : null);
  }

  private static GeoPoint point(List<Double> latLon) {
    if (latLon.size() != 2) {
      throw new IllegalArgumentException("a position is [lat, lon], got " + latLon);
    }
    return new GeoPoint(latLon.get(0), latLon.get(1));
  }

  private static LocalDate date(Config c, String path) {
    return LocalDate.parse(c.getString(path));
  }

  private static LocalDate date(Config c, String path, LocalDate otherwise) {
    return c.hasPath(path) ? date(c, path) : otherwise;
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + value + "' is not one of " + List.of(type.getEnumConstants()));
    }
  }

  private String known(String id, Set<String> ids, String what) {
    if (!ids.contains(id)) {
      throw new IllegalArgumentException(what + " '" + id + "' is not defined");
    }
    return id;
  }

  private <T> Set<String> ids(List<T> items, Function<T, String> id, String what) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      if (item != null && !seen.add(id.apply(item))) {
        errors.add(what + ": duplicate id '" + id.apply(item) + "'");
      }
    }
    return seen;
  }

  private <T> List<T> list(Config c, String path, Function<Config, T> read) {
    if (!c.hasPath(path)) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    List<? extends Config> items = c.getConfigList(path);
    for (int i = 0; i < items.size(); i++) {
      int index = i;
      T item = attempt(path + "[" + i + "]", () -> read.apply(items.get(index)));
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private <T> T attempt(String where, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException | IllegalArgumentException | java.time.DateTimeException e) {
      errors.add(where + ": " + e.getMessage());
      return null;
    }
  }
}
