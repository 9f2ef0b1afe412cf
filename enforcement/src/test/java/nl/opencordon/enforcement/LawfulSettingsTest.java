package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LawfulSettingsTest {
  @Test
  void theShippedDefaultsRequireSiteApprovalAndAnswerCitizensNoSoonerThanHalfASecond() {
    LawfulSettings shipped = LawfulSettings.fromConfig(ConfigFactory.load().getConfig("anpr.enforcement.lawful"));
    assertTrue(shipped.requireSiteApproval());
    assertEquals(Duration.ofMillis(500), shipped.evidenceAnswerTime());
    assertEquals(30, shipped.evidenceRequestsPerMinute());
    assertEquals(Duration.ofDays(30), shipped.testCaseRetention());
  }
}
