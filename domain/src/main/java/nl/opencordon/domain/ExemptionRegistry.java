package nl.opencordon.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exemptions in force as the gates read them: a node's copy of the record in PostgreSQL, replaced whole
 * when the record changes (the controller's exemption cache). Safe to read and change from any thread; a
 * reader sees either the old or the new copy, never half of a reload.
 */
public final class ExemptionRegistry {
  private volatile Map<String, Exemption> byId = Map.of();

  public synchronized void put(Exemption e) {
    Map<String, Exemption> next = new HashMap<>(byId);
    next.put(e.id(), e);
    byId = Map.copyOf(next);
  }

  public synchronized boolean remove(String id) {
    Map<String, Exemption> next = new HashMap<>(byId);
    boolean removed = next.remove(id) != null;
    byId = Map.copyOf(next);
    return removed;
  }

  /** Makes the registry hold exactly {@code exemptions}, at once for every reader. */
  public synchronized void replaceAll(Collection<Exemption> exemptions) {
    Map<String, Exemption> next = new HashMap<>();
    exemptions.forEach(e -> next.put(e.id(), e));
    byId = Map.copyOf(next);
  }

  public Collection<Exemption> all() {
    return List.copyOf(byId.values());
  }

  /** An exemption that covers a plate in a zone at a moment. */
  public Optional<Exemption> find(String zoneId, Plate plate, Instant at) {
    return byId.values().stream().filter(e -> e.covers(zoneId, plate, at)).findFirst();
  }
}
