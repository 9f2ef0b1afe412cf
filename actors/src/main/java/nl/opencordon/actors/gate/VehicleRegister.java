package nl.opencordon.actors.gate;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;

/**
 * Port to the vehicle register (RDW mirror and API): the facts of a plate, or empty when the register does
 * not know it. Implementations answer from a local mirror or cache where they can; a failed stage means the
 * register could not be asked.
 */
public interface VehicleRegister {
  CompletionStage<Optional<VehicleFacts>> lookup(Plate plate);
}
