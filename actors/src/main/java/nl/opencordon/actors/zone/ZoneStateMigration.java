package nl.opencordon.actors.zone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Zone snapshots from before version 2 kept each vehicle as its plate hash text with the dates of its last
 * fine and warning; version 2 keeps two numbers ({@link Zone.State}). Old snapshots are read as new ones.
 */
public final class ZoneStateMigration extends JacksonMigration {

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    if (fromVersion >= 2) {
      return json;
    }
    ObjectNode vehicles = JsonNodeFactory.instance.objectNode();
    json.path("vehicles").fields().forEachRemaining(v -> vehicles.put(Long.toString(Zone.vehicleKey(v.getKey())),
        Zone.State.pack(epochDay(v.getValue().get("lastFineDay")), epochDay(v.getValue().get("lastWarningDay")))));
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.set("vehicles", vehicles);
    return state;
  }

  private static int epochDay(JsonNode date) {
    return date == null || date.isNull() ? Zone.State.NONE : (int) LocalDate.parse(date.asText()).toEpochDay();
  }
}
