package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * RDW's table that derives the emission class from the date of first admission when the register has no
 * euro class (rdw.nl "registratie van de emissieklasse van uw voertuig", testdata/rules
 * emissieklasse_from_DET_rdw.csv). Two mass groups (massa rijklaar) are published in a form we could verify:
 * "auto's en bedrijfsauto's" up to 1280 kg, and "bedrijfsauto's en bussen" from 1280 up to 2585 kg. Nothing is
 * derived outside them: not without a mass, not for heavier vehicles, and not for passenger cars over 1280 kg,
 * which the second group does not name (reading them into it would be a guess).
 */
public final class EmissionClasses {
  private EmissionClasses() {}

  static final int LIGHT_MAX_KG = 1280;
  static final int MEDIUM_MAX_KG = 2585;

  /** First admission dates from which class 1..6 applies, for cars and bedrijfsauto's up to 1280 kg. */
  private static final LocalDate[] LIGHT = {
      LocalDate.of(1992, 7, 1), LocalDate.of(1996, 1, 1), LocalDate.of(2000, 1, 1),
      LocalDate.of(2005, 1, 1), LocalDate.of(2009, 9, 1), LocalDate.of(2014, 9, 1)};

  /** The same for bedrijfsauto's and buses from 1280 up to 2585 kg. */
  private static final LocalDate[] MEDIUM = {
      LocalDate.of(1993, 10, 1), LocalDate.of(1997, 1, 1), LocalDate.of(2000, 1, 1),
      LocalDate.of(2005, 1, 1), LocalDate.of(2010, 9, 1), LocalDate.of(2015, 9, 1)};

  /** The derived class, or empty when the vehicle is in neither published group (or has no mass). */
  static Optional<Integer> derive(int massInRunningOrderKg, LegalKind kind, LocalDate det) {
    LocalDate[] table = table(massInRunningOrderKg, kind);
    if (table == null) {
      return Optional.empty();
    }
    int cls = 0;
    for (LocalDate from : table) {
      if (!det.isBefore(from)) {
        cls++;
      }
    }
    return Optional.of(cls);
  }

  private static LocalDate[] table(int mass, LegalKind kind) {
    if (mass <= 0) {
      return null;
    }
    boolean light = mass <= LIGHT_MAX_KG;
    boolean medium = !light && mass <= MEDIUM_MAX_KG;
    return switch (kind) {
      case PASSENGER_CAR -> light ? LIGHT : null;
      case COMMERCIAL_VEHICLE -> light ? LIGHT : medium ? MEDIUM : null;
      case BUS -> medium ? MEDIUM : null;
      default -> null;
    };
  }
}
