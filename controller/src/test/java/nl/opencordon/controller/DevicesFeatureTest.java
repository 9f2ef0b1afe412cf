package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesFeatureTest {
  /** The leader drains a removed node's MQTT session under the client id the node announced in its roles. */
  @Test
  void aNodeWithAClientIdOfItsOwnAnnouncesItBesideItsOtherRoles() {
    Config full = DevicesFeature.withClusterRoles(configured("""
        pekko.cluster.roles = [backoffice]
        anpr.camera-drivers.mqtt.client-id = cordon-1
        """));
    assertEquals(List.of("backoffice", "mqtt-client-id=cordon-1"), full.getStringList("pekko.cluster.roles"));
  }

  /** The default id the leader derives from the node's address: nothing to announce. */
  @Test
  void aNodeWithTheDefaultClientIdAnnouncesNothing() {
    Config full = DevicesFeature.withClusterRoles(configured("anpr.camera-drivers.mqtt.client-id = \"\""));
    assertEquals(List.of(), full.getStringList("pekko.cluster.roles"));
  }

  private static Config configured(String settings) {
    return ConfigFactory.parseString(settings).withFallback(ConfigFactory.defaultReference()).resolve();
  }
}
