package nl.opencordon.displays.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import nl.opencordon.actors.display.Display;
import org.junit.jupiter.api.Test;

/** The sign's wire format without a broker: encode, decode. */
class MqttSignDriverTest {
  @Test
  void aMessageSurvivesTheWire() throws Exception {
    for (Display.Message m : new Display.Message[] {
        new Display.Message("VB-001-X", "TOEGESTAAN, VANAF 01-01-2028 NIET", true),
        new Display.Message("12-ABC-3", "GEEN TOEGANG", false)}) {
      assertEquals(m, MqttSignDriver.decode(MqttSignDriver.encode(m)));
    }
  }

  @Test
  void theWireFormatIsTheHttpSignsJson() throws Exception {
    String json = "{\"plate\":\"VB-001-X\",\"text\":\"GEEN TOEGANG\",\"allowed\":false}";
    assertEquals(json, new String(MqttSignDriver.encode(new Display.Message("VB-001-X", "GEEN TOEGANG", false)),
        StandardCharsets.UTF_8));
    assertEquals(new Display.Message("VB-001-X", "GEEN TOEGANG", false),
        MqttSignDriver.decode(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void eachSignHasItsOwnTopic() {
    assertEquals("cordon/signs/oost-led/show", MqttSignDriver.topic(com.typesafe.config.ConfigFactory.load()
        .getConfig("anpr.roadside-displays.mqtt"), "oost-led"));
  }
}
