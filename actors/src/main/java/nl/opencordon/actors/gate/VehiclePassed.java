package nl.opencordon.actors.gate;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;

/**
 * Published on the actor system's event stream for every vehicle a gate sees (reads merged), with only what
 * traffic statistics need: no plate, no image, no verdict. Never stored as such.
 *
 * @param vehicleKey the keyed plate hash the zones receive too; a subscriber that keeps anything derived from
 *                   it must re-key it first (the insight module does so with a key that rotates daily)
 * @param fuel the register's fuels joined with "+" (a hybrid is "ELECTRIC+PETROL"), "UNKNOWN" without facts
 * @param euroClass "0".."6" (registered or derived), "Z" for zero emission, "UNKNOWN" otherwise
 */
public record VehiclePassed(String gateId, String zoneId, Instant at, VehicleCategory category, String fuel,
                            String euroClass, String vehicleKey) implements CborSerializable {

  static VehiclePassed of(String gateId, String zoneId, Instant at, VehicleCategory seen, String vehicleKey,
                          Optional<VehicleFacts> facts) {
    if (facts.isEmpty()) {
      return new VehiclePassed(gateId, zoneId, at, seen, "UNKNOWN", "UNKNOWN", vehicleKey);
    }
    VehicleFacts f = facts.get();
    String fuel = f.fuels().isEmpty() ? "UNKNOWN"
        : f.fuels().stream().map(Enum::name).sorted().collect(Collectors.joining("+"));
    String euro = f.isZeroEmission() ? "Z" : f.effectiveEuroClass().map(String::valueOf).orElse("UNKNOWN");
    return new VehiclePassed(gateId, zoneId, at, f.category() == VehicleCategory.UNKNOWN ? seen : f.category(), fuel,
        euro, vehicleKey);
  }
}
