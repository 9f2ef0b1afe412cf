package nl.opencordon.controller.controlroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.ControllerOnDatabase;
import nl.opencordon.domain.Json;
import nl.opencordon.controlroom.IncidentRepository;
import nl.opencordon.security.ApiClient;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Leidraad 4.2.7 on a running controller with the schouw required: a zone never inspected is not enforced (its gate
 * suspended) and shows in the control room as a "schouw verlopen" incident, once, until a good schouw ends both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchouwIncidentIT {
  private ControllerOnDatabase node;
  private Controller controller;

  @BeforeAll
  void start() throws Exception {
    node = ControllerOnDatabase.oneGateCity("anpr.enforcement.lawful.require-schouw = on");
    controller = node.controller();
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  private JsonNode openSchouwIncidents() throws Exception {
    var response = ApiClient.as(controller.httpPort(), "controlroom").get("/api/incidents?open=true&device=ze");
    assertEquals(200, response.statusCode(), response::body);
    return Json.MAPPER.readTree(response.body());
  }

  @Test
  void aZoneWithoutAGoodSchouwIsAnIncidentAndSuspendedUntilOneIsLogged() throws Exception {
    TestProbe<Object> probe = TestProbe.create(controller.system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      JsonNode open = openSchouwIncidents();
      assertEquals(1, open.size(), open::toString);
      assertEquals("SCHOUW_OVERDUE", open.get(0).get("type").asText());
      return null;
    });
    assertEquals(List.of(new Gate.Suspension(Instant.EPOCH, Optional.empty())),
        controller.enforcement().signs().suspensions("in"));
    // every node checks every schedule-refresh; the open incident is the zone's one (V97's unique index)
    assertEquals(false, new IncidentRepository(node.database().dataSource())
        .openUnlessOpen("SCHOUW_OVERDUE", "zone", "ze", Instant.now(), "a second node's check"));
    assertEquals(1, openSchouwIncidents().size());

    controller.enforcement().signs().inspect("in", Instant.now().minusSeconds(60), "schouwer", true, "in orde");
    assertEquals(List.of(), controller.enforcement().signs().suspensions("in"));
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(0, openSchouwIncidents().size());
      return null;
    });
  }
}
