package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/** Vehicle facts for regime tests, shaped like RDW's records. */
final class Vehicles {
  private Vehicles() {}

  /** With the carrosserie RDW registers for such a vehicle: BB van (N1), BC tractor, BA lorry, AA car. */
  static VehicleFacts of(String eu, String body, Set<Fuel> fuels, String euro, LocalDate det, int massRijklaar) {
    String code = eu.equals("N1") ? "BB" : !eu.startsWith("N") ? "AA" : body.equals("opleggertrekker") ? "BC" : "BA";
    return of(eu, body, fuels, euro, det, massRijklaar, Set.of(code));
  }

  static VehicleFacts of(String eu, String body, Set<Fuel> fuels, String euro, LocalDate det, int massRijklaar,
                         Set<String> bodyworkCodes) {
    return new VehicleFacts(Plate.dutch("VX123B"), "", eu, body, fuels, Optional.ofNullable(euro), det, 0, massRijklaar,
        bodyworkCodes);
  }

  static VehicleFacts dieselVan(String euro, LocalDate det) {
    return of("N1", "gesloten opbouw", Set.of(Fuel.DIESEL), euro, det, 1900);
  }

  static VehicleFacts dieselCar(String euro, LocalDate det) {
    return of("M1", "hatchback", Set.of(Fuel.DIESEL), euro, det, 1200);
  }

  static VehicleFacts truck(String body, String euro, LocalDate det) {
    return of("N3", body, Set.of(Fuel.DIESEL), euro, det, 9000);
  }

  static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }
}
