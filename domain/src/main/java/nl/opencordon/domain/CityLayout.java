package nl.opencordon.domain;

import java.util.List;

/**
 * Everything a controller instance enforces: zones, their gates (poorten), the cameras and roadside
 * displays at those gates. A scan car is a checkpoint of kind SCAN inside its zone with a mobile camera.
 */
public record CityLayout(String name, List<ZoneDefinition> zones, List<Gate> gates, List<Camera> cameras,
                         List<Display> displays) {

  public CityLayout {
    zones = List.copyOf(zones);
    gates = List.copyOf(gates);
    cameras = List.copyOf(cameras);
    displays = List.copyOf(displays);
  }

  /** Entry or exit point of a zone's cordon, or a scan car's sightings inside the zone. */
  public enum GateKind { ENTRY, EXIT, SCAN }

  public record Gate(String id, String zoneId, GateKind kind, GeoPoint position) {}

  /** A camera at a gate; a mobile one is moved between sites (opstelpunten) by operations. */
  public record Camera(String id, String gateId, boolean mobile, int lane, Site site) {}

  public record Display(String id, String gateId, GeoPoint position) {}

  public ZoneDefinition zone(String id) {
    return zones.stream().filter(z -> z.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown zone " + id));
  }

  /** Disputed or partly checked rule dates of the zones, to be logged at start-up (zone id first). */
  public List<String> warnings() {
    return zones.stream().flatMap(z -> z.regime().warnings().stream().map(w -> "zone " + z.id() + ": " + w)).toList();
  }

  public Gate gate(String id) {
    return gates.stream().filter(g -> g.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown gate " + id));
  }
}
