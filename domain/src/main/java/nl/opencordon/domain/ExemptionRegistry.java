package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The exemptions in force, shared by the gates; safe to read and change from any thread. */
public final class ExemptionRegistry {
  private final Map<String, Exemption> byId = new ConcurrentHashMap<>();

  public void put(Exemption e) {
    byId.put(e.id(), e);
  }

  public boolean remove(String id) {
    return byId.remove(id) != null;
  }

  public Collection<Exemption> all() {
    return List.copyOf(byId.values());
  }

  public Optional<Exemption> find(String zoneId, Plate plate, LocalDate day) {
    return byId.values().stream().filter(e -> e.covers(zoneId, plate, day)).findFirst();
  }
}
