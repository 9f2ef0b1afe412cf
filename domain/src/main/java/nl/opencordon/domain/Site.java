package nl.opencordon.domain;

import java.util.Objects;

/**
 * Where a camera stands (opstelpunt): location code, street, direction of travel and the text template of
 * the officer's second observation ("tweede waarneming"), in which {street} and {direction} are filled in.
 */
public record Site(String locationCode, String street, String direction, GeoPoint position,
                   String observationTemplate) {

  public static final String DEFAULT_TEMPLATE =
      "Ik zag dat het voertuig reed op de {street}, richting {direction}, en de zone binnenreed.";

  public Site {
    Objects.requireNonNull(locationCode, "locationCode");
    Objects.requireNonNull(street, "street");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(position, "position");
    observationTemplate = observationTemplate == null ? DEFAULT_TEMPLATE : observationTemplate;
  }

  /** The second observation text with street and direction filled in. */
  public String observationText() {
    return observationTemplate.replace("{street}", street).replace("{direction}", direction);
  }
}
