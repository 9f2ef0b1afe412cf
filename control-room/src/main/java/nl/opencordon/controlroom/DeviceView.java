package nl.opencordon.controlroom;

import java.util.Optional;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.GeoPoint;

/**
 * One device as the control room shows it: where it is, its health, what it does (mode), its figures and
 * availability, and the actor's own status (exactly one of camera, display, gate is present).
 *
 * @param mode e.g. "entry, fixed, ENFORCEMENT": gate kind, fixed or mobile, the zone's phase today
 */
public record DeviceView(String kind, String id, String gateId, GeoPoint position, DeviceHealth health, String mode,
                         Optional<Figures> availability, Optional<ReadQuality> readQuality,
                         Optional<Camera.Status> camera, Optional<Display.Status> display,
                         Optional<Gate.Status> gate) implements CborSerializable {

  /** Availability against the target; a period without observations is empty. */
  public record Figures(Optional<Double> last24Hours, Optional<Double> last30Days, double target)
      implements CborSerializable {}

  /** Shares of the last hour's reads: unreadable plates and reads below the confidence threshold. */
  public record ReadQuality(int reads, double unreadableShare, double lowConfidenceShare)
      implements CborSerializable {
    static ReadQuality of(Camera.Counts c) {
      return new ReadQuality(c.total(), c.total() == 0 ? 0 : (double) c.unreadable() / c.total(),
          c.lowConfidenceShare());
    }
  }
}
