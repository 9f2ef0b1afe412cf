package nl.opencordon.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.gate.VehicleRegister;
import nl.opencordon.cameradrivers.sim.Fleet;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.ZoneDefinition;

/**
 * The bench's city and its traffic: one ZE-zone in enforcement with four entry gates (two lanes and a
 * roadside display each), two exit gates and a scan car; vehicles drawn from the Amsterdam traffic mix
 * ({@link Fleet}). Passage {@code n} is a fixed function of {@code n}, so the pipeline and the baseline see
 * the same traffic: vehicles go round the fleet, entering on one round and leaving (or meeting the scan
 * car) on the next, at a different gate each time so the gates' merge window never joins two trips. Each
 * trip counts as another vehicle of the same make-up (its plate hash is varied), so violations keep making
 * cases however long the bench runs, as a city's day brings ever new vehicles.
 */
final class BenchCity {
  private static final String LAYOUT = """
      name = "Benchstad"
      zones = [{
        id = "ze", name = "ZE-zone Benchstad", recidive-term = 14d, warning-interval = 28d
        regime { type = zero-emission, new-registration-cutoff = "2025-01-01", van-euro5-last-day = "2026-12-31",
                 van-euro6-last-day = "2027-12-31", heavy-euro6-last-day = "2029-12-31" }
        phases { announcement = "2024-07-01", warning = "2024-10-01", enforcement = "2025-01-01" }
      }]
      gates = [
        {id = "in-n", zone = "ze", kind = entry, position = [52.0958, 5.1190]}
        {id = "in-o", zone = "ze", kind = entry, position = [52.0910, 5.1295]}
        {id = "in-z", zone = "ze", kind = entry, position = [52.0855, 5.1205]}
        {id = "in-w", zone = "ze", kind = entry, position = [52.0905, 5.1108]}
        {id = "out-n", zone = "ze", kind = exit, position = [52.0959, 5.1195]}
        {id = "out-z", zone = "ze", kind = exit, position = [52.0856, 5.1210]}
        {id = "scan", zone = "ze", kind = scan, position = [52.0905, 5.1200]}
      ]
      cameras = [%s]
      displays = [
        {id = "in-n-led", gate = "in-n", position = [52.0962, 5.1190]}
        {id = "in-o-led", gate = "in-o", position = [52.0910, 5.1300]}
        {id = "in-z-led", gate = "in-z", position = [52.0850, 5.1205]}
        {id = "in-w-led", gate = "in-w", position = [52.0905, 5.1100]}
      ]
      """;

  /** A vehicle of the fleet with what a camera driver knows of it: the plate's keyed hash, its category. */
  record Vehicle(Plate plate, String plateHash, VehicleCategory category) {}

  final CityLayout layout;
  final ZoneDefinition zone;
  final ExemptionRegistry exemptions = new ExemptionRegistry();
  private final List<Vehicle> vehicles = new ArrayList<>();
  private final Map<Plate, VehicleFacts> facts = new HashMap<>();
  private final List<CityLayout.Camera> entries;
  private final List<CityLayout.Camera> exits;
  private final CityLayout.Camera scanCar;

  BenchCity(int fleetSize, long seed, PlateHasher hasher) {
    layout = layout();
    zone = layout.zone("ze");
    entries = camerasOf(CityLayout.GateKind.ENTRY);
    exits = camerasOf(CityLayout.GateKind.EXIT);
    scanCar = camerasOf(CityLayout.GateKind.SCAN).get(0);
    for (Fleet.Vehicle v : Fleet.generate(fleetSize, seed).vehicles()) {
      vehicles.add(new Vehicle(v.plate(), hasher.hash(v.plate()),
          v.facts().map(VehicleFacts::category).orElse(VehicleCategory.UNKNOWN)));
      v.facts().ifPresent(f -> facts.put(v.plate(), f));
    }
  }

  static CityLayout layout() {
    List<String> cameras = new ArrayList<>();
    for (String gate : List.of("in-n", "in-o", "in-z", "in-w", "out-n", "out-z")) {
      for (int lane = 1; lane <= 2; lane++) {
        cameras.add(String.format("{id = \"%s-%d\", gate = \"%s\", lane = %d, site {location-code = \"B-%s-%d\", "
            + "street = \"Singel\", direction = \"%s\", position = [52.09, 5.12]}}", gate, lane, gate, lane,
            gate.toUpperCase(), lane, gate.startsWith("in") ? "centrum" : "uit"));
      }
    }
    cameras.add("{id = \"scan-1\", gate = \"scan\", mobile = true, site {location-code = \"B-SCAN\", "
        + "street = \"Oudegracht\", direction = \"noord\", position = [52.0905, 5.1200]}}");
    return CityConfig.load(ConfigFactory.parseString(String.format(LAYOUT, String.join("\n", cameras))).resolve());
  }

  private List<CityLayout.Camera> camerasOf(CityLayout.GateKind kind) {
    return layout.cameras().stream().filter(c -> layout.gate(c.gateId()).kind() == kind).toList();
  }

  /** An in-memory register answering at once: the bench measures the actors, not the RDW. */
  VehicleRegister register() {
    return plate -> CompletableFuture.completedFuture(Optional.ofNullable(facts.get(plate)));
  }

  VehicleFacts factsOf(Plate plate) {
    return facts.get(plate);
  }

  int fleetSize() {
    return vehicles.size();
  }

  Vehicle vehicle(long n) {
    return vehicles.get((int) (n % vehicles.size()));
  }

  /** The camera that reads passage {@code n}. */
  CityLayout.Camera camera(long n) {
    int v = (int) (n % vehicles.size());
    long round = n / vehicles.size();
    if (round % 2 == 0) {
      return entries.get((int) ((v + round / 2) % entries.size()));
    }
    return v % 20 == 0 ? scanCar : exits.get((int) ((v + round / 2) % exits.size()));
  }

  boolean hasDisplay(CityLayout.Camera camera) {
    return layout.displays().stream().anyMatch(d -> d.gateId().equals(camera.gateId()));
  }

  /** Passage {@code n} as its camera's driver would hand it over at {@code at}. */
  Passage passage(long n, Instant at) {
    Vehicle v = vehicle(n);
    CityLayout.Camera c = camera(n);
    long trip = n / vehicles.size() / 2;
    String id = c.id() + "-" + n;
    // About 3% of reads are poor, as camera read-quality reports show.
    boolean poor = n % 33 == 0;
    return new Passage(id, at, c.id(), c.site().locationCode(), c.lane(), c.site().direction(), c.site().position(),
        v.plate().display(), v.plate(), trip == 0 ? v.plateHash() : tripHash(v.plateHash(), trip), v.category(), poor ? 0.7 : 0.95, List.of(), poor,
        List.of("bench://" + id + "/overview.jpg"), Optional.empty());
  }

  private static String tripHash(String plateHash, long trip) {
    long head = HexFormat.fromHexDigitsToLong(plateHash, 0, 16) ^ (trip * 0x9E3779B97F4A7C15L);
    return HexFormat.of().toHexDigits(head) + plateHash.substring(16);
  }

  /** Share of the fleet that may not enter the zone now: each of them makes a case on its first entry. */
  double violationShare() {
    Instant now = Instant.now();
    long violators = vehicles.stream()
        .filter(v -> zone.evaluate(v.plate(), facts.get(v.plate()), now, exemptions).isViolation()).count();
    return (double) violators / vehicles.size();
  }
}
