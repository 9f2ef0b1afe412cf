package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SiteTest {
  static final Site SITE = new Site("S-01", "Weerdsingel", "zuid", new GeoPoint(52.09, 5.12), null);

  /** The second observation states what the camera saw: an entry, an exit, or a vehicle inside (scan car). */
  @Test
  void eachKindOfCameraHasItsOwnObservationText() {
    assertEquals("Ik zag dat het voertuig reed op de Weerdsingel, richting zuid, en de zone binnenreed.",
        SITE.observationText(CityLayout.GateKind.ENTRY));
    assertEquals(SITE.observationText(CityLayout.GateKind.ENTRY), SITE.observationText());
    assertEquals("Ik zag dat het voertuig reed op de Weerdsingel, richting zuid, en de zone verliet.",
        SITE.observationText(CityLayout.GateKind.EXIT));
    assertEquals("Ik zag vanuit de scanauto dat het voertuig zich in de zone bevond, op de Weerdsingel, richting zuid.",
        SITE.observationText(CityLayout.GateKind.SCAN));
  }

  @Test
  void aSitesOwnTemplateIsUsedForWhateverItsCameraSees() {
    Site own = new Site("S-02", "Markt", "west", new GeoPoint(52.09, 5.12), "Gezien op de {street} ({direction}).");
    assertEquals("Gezien op de Markt (west).", own.observationText(CityLayout.GateKind.EXIT));
  }

  @Test
  void aPassageTheOtherWayThanTheLaneIsTold() {
    assertTrue(SITE.isOtherWay("noord"));
    assertFalse(SITE.isOtherWay(" Zuid "));
    assertFalse(SITE.isOtherWay(null), "no direction sent: the lane's");
    assertFalse(SITE.isOtherWay(""));
  }
}
