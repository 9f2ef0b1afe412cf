package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * RDW's table that derives the emission class from the date of first admission when the register has no
 * euro class (rdw.nl "registratie van de emissieklasse van uw voertuig"). Only the two light mass groups
 * are published in a form we could verify; heavier vehicles get no derived class.
 */
public final class EmissionClasses {
  private EmissionClasses() {}

  /** First admission dates from which class 1..6 applies, for cars and vans up to 1280 kg. */
  private static final LocalDate[] LIGHT = {
      LocalDate.of(1992, 7, 1), LocalDate.of(1996, 1, 1), LocalDate.of(2000, 1, 1),
      LocalDate.of(2005, 1, 1), LocalDate.of(2009, 9, 1), LocalDate.of(2014, 9, 1)};

  /** The same for vans and buses from 1280 up to 2585 kg. */
  private static final LocalDate[] MEDIUM = {
      LocalDate.of(1993, 10, 1), LocalDate.of(1997, 1, 1), LocalDate.of(2000, 1, 1),
      LocalDate.of(2005, 1, 1), LocalDate.of(2010, 9, 1), LocalDate.of(2015, 9, 1)};

  public static Optional<Integer> derive(int massInRunningOrderKg, VehicleCategory category, LocalDate det) {
    boolean light = category == VehicleCategory.PASSENGER_CAR || category == VehicleCategory.VAN;
    if (!light || massInRunningOrderKg > 2585) {
      return Optional.empty();
    }
    LocalDate[] table = massInRunningOrderKg <= 1280 ? LIGHT : MEDIUM;
    int cls = 0;
    for (LocalDate from : table) {
      if (!det.isBefore(from)) {
        cls++;
      }
    }
    return Optional.of(cls);
  }
}
