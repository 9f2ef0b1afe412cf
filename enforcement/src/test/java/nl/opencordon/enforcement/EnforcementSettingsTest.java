package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.Set;
import nl.opencordon.domain.Regime;
import org.junit.jupiter.api.Test;

class EnforcementSettingsTest {
  private static final Regime CLOSED = new Regime.ClosedArea(Set.of(), Regime.Exempt.NONE);

  @Test
  void theShippedPlaceholderCodesRefuseEveryCjibBatch() {
    EnforcementSettings shipped = EnforcementSettings.fromConfig(ConfigFactory.load().getConfig("anpr.enforcement"));
    var refused = assertThrows(EnforcementSettings.PlaceholderOffenceCodeException.class,
        () -> shipped.offenceCode(CLOSED));
    assertEquals(true, refused.getMessage().contains("anpr.enforcement.offence-codes.closed-area"));
  }

  @Test
  void aConfiguredCodeIsUsed() {
    EnforcementSettings set = EnforcementSettings.fromConfig(ConfigFactory.parseString(
        "offence-codes.closed-area = \"R123\"").withFallback(ConfigFactory.load().getConfig("anpr.enforcement")));
    assertEquals("R123", set.offenceCode(CLOSED));
  }
}
