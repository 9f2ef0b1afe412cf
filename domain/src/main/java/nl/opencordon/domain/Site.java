package nl.opencordon.domain;

import java.util.Objects;

/**
 * Where a camera stands (opstelpunt): location code, street, direction of travel and the text template of
 * the officer's second observation ("tweede waarneming"), in which {street} and {direction} are filled in.
 * A site without a template of its own gets the default text of what its camera sees: a vehicle entering
 * the zone, leaving it, or inside it (scan car), so the text states only what the sighting proves.
 */
public record Site(String locationCode, String street, String direction, GeoPoint position,
                   String observationTemplate) {

  public static final String DEFAULT_TEMPLATE =
      "Ik zag dat het voertuig reed op de {street}, richting {direction}, en de zone binnenreed.";
  static final String EXIT_TEMPLATE =
      "Ik zag dat het voertuig reed op de {street}, richting {direction}, en de zone verliet.";
  static final String SCAN_TEMPLATE =
      "Ik zag vanuit de scanauto dat het voertuig zich in de zone bevond, op de {street}, richting {direction}.";

  public Site {
    Objects.requireNonNull(locationCode, "locationCode");
    Objects.requireNonNull(street, "street");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(position, "position");
    observationTemplate = observationTemplate == null ? DEFAULT_TEMPLATE : observationTemplate;
  }

  /** The second observation text of an entry camera with street and direction filled in. */
  public String observationText() {
    return observationText(CityLayout.GateKind.ENTRY);
  }

  /**
   * The second observation text of a sighting by a camera of this kind: the site's own template, else the
   * default text of an entry, an exit or a scan car. Sites persisted with the entry default are read alike.
   */
  public String observationText(CityLayout.GateKind kind) {
    String template = !observationTemplate.equals(DEFAULT_TEMPLATE) ? observationTemplate : switch (kind) {
      case ENTRY -> DEFAULT_TEMPLATE;
      case EXIT -> EXIT_TEMPLATE;
      case SCAN -> SCAN_TEMPLATE;
    };
    return template.replace("{street}", street).replace("{direction}", direction);
  }

  /**
   * Whether a passage in this direction went the other way than the camera's lane (a vehicle driving out past
   * an entry camera): such a passage does not show what the site's camera is there to see. Directions are
   * compared as words, without case; a passage without one goes the lane's way.
   */
  public boolean isOtherWay(String passageDirection) {
    return passageDirection != null && !passageDirection.isBlank()
        && !passageDirection.trim().equalsIgnoreCase(direction.trim());
  }
}
