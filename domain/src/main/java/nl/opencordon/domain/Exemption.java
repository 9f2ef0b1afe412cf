package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * An exemption (ontheffing) for one plate or a range of plates of the same length, in one zone ("*" for all
 * zones), valid on the local days from {@code validFrom} to {@code validUntil} inclusive.
 */
public record Exemption(String id, String zoneId, String country, String plateFrom, String plateTo,
                        LocalDate validFrom, LocalDate validUntil, String reason) {

  public Exemption {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    country = country == null || country.isBlank() ? Plate.NL : country;
    plateFrom = Plate.of(plateFrom, country).text();
    plateTo = plateTo == null || plateTo.isBlank() ? plateFrom : Plate.of(plateTo, country).text();
    if (plateFrom.length() != plateTo.length() || plateFrom.compareTo(plateTo) > 0) {
      throw new IllegalArgumentException("plate range must run from low to high with equal lengths: "
          + plateFrom + ".." + plateTo);
    }
    if (validUntil.isBefore(validFrom)) {
      throw new IllegalArgumentException("validUntil " + validUntil + " is before validFrom " + validFrom);
    }
  }

  public static Exemption forPlate(String id, String zoneId, Plate plate, LocalDate from, LocalDate until, String reason) {
    return new Exemption(id, zoneId, plate.country(), plate.text(), plate.text(), from, until, reason);
  }

  public boolean covers(String zone, Plate plate, LocalDate day) {
    return ("*".equals(zoneId) || zoneId.equals(zone))
        && country.equals(plate.country())
        && plate.text().length() == plateFrom.length()
        && plate.text().compareTo(plateFrom) >= 0 && plate.text().compareTo(plateTo) <= 0
        && !day.isBefore(validFrom) && !day.isAfter(validUntil);
  }
}
