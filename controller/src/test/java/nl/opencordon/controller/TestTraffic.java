package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.actors.gate.VehicleRegister;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Test vehicles and their passages: a register the test fills with vehicle facts, and passages handed to a
 * camera actor the way drivers hand them, each waited for until its gate has finished with it.
 */
public final class TestTraffic {
  public static final PlateHasher HASHER = new PlateHasher("test-traffic-secret-0123456789");

  private final CityLayout layout;
  private final Map<Plate, VehicleFacts> facts = new ConcurrentHashMap<>();

  public TestTraffic(CityLayout layout) {
    this.layout = layout;
  }

  /** The register to give the controller: it knows the vehicles this fixture made. */
  public VehicleRegister register() {
    return plate -> CompletableFuture.completedFuture(Optional.ofNullable(facts.get(plate)));
  }

  /** A diesel Euro 4 van: refused in a ZE-zone. */
  public Plate van(String text) {
    return vehicle(text, "N1", Set.of(Fuel.DIESEL), "4");
  }

  public Plate electricVan(String text) {
    return vehicle(text, "N1", Set.of(Fuel.ELECTRIC), "Z");
  }

  public Plate vehicle(String text, String euCategory, Set<Fuel> fuels, String emissionClass) {
    Plate p = Plate.dutch(text);
    facts.put(p, facts(p, euCategory, fuels, emissionClass));
    return p;
  }

  /** A white Volkswagen Transporter van of 2008 with these facts. */
  public static VehicleFacts facts(Plate p, String euCategory, Set<Fuel> fuels, String emissionClass) {
    return new VehicleFacts(p, "Bedrijfsauto", euCategory, "gesloten opbouw", fuels, Optional.of(emissionClass),
        LocalDate.of(2008, 3, 1), 2800, 1900, Set.of("BB"), Optional.of(Set.of()), Optional.of(Set.of()),
        Optional.empty(), "VOLKSWAGEN", "TRANSPORTER", "WIT");
  }

  public static Instant local(String t) {
    return LocalDateTime.parse(t).atZone(Passage.LOCAL).toInstant();
  }

  /** A passage through a camera actor; returns once the camera took it, i.e. its outcome is safe. */
  public void pass(Controller controller, String cameraId, Plate plate, Instant at) throws Exception {
    pass(controller, cameraId, plate, at, VehicleCategory.VAN);
  }

  /** A passage whose vehicle the camera classified as {@code seen}; returns once the camera took it. */
  public void pass(Controller controller, String cameraId, Plate plate, Instant at, VehicleCategory seen)
      throws Exception {
    Passage p = new Passage(UUID.randomUUID().toString(), at, cameraId, "T", 1, null, new GeoPoint(52.09, 5.11),
        plate.display(), plate, HASHER.hash(plate), seen, 0.95, List.of(), false,
        List.of("sim://" + cameraId + "/" + UUID.randomUUID()), Optional.empty());
    Camera.Receipt receipt = AskPattern.<Camera.Command, Camera.Receipt>ask(
        controller.devices().cameras().get(cameraId), r -> new Camera.RecordPassage(p, r), Duration.ofSeconds(10),
        controller.system().scheduler()).toCompletableFuture().get();
    assertEquals(Camera.Receipt.Outcome.TAKEN, receipt.outcome(), () -> "camera did not take the passage: " + receipt);
  }

  public static Gate.Status gateStatus(Controller controller, String gateId) throws Exception {
    return AskPattern.<Gate.Command, Gate.Status>ask(controller.devices().gates().get(gateId), Gate.GetStatus::new,
        Duration.ofSeconds(5), controller.system().scheduler()).toCompletableFuture().get();
  }
}
