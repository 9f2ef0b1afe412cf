package nl.opencordon.domain;

/**
 * The kinds of vehicle the rules name (RVV 1990 art 86c), from the registered EU category and, for goods
 * vehicles, the maximum mass: a bedrijfsauto has a toegestane maximum massa of at most 3500 kg whatever its
 * N-category, a vrachtauto more. A category the mass contradicts, or a mass that is needed and missing, is
 * {@link #UNKNOWN}: no verdict rests on it.
 */
enum LegalKind {
  PASSENGER_CAR, COMMERCIAL_VEHICLE, TRUCK, BUS, MOPED, OTHER, UNKNOWN;

  static final int COMMERCIAL_MAX_KG = 3500;

  static LegalKind of(VehicleFacts f) {
    return problem(f) != null ? UNKNOWN : switch (f.euCategory()) {
      case "M1" -> PASSENGER_CAR;
      case "N1" -> COMMERCIAL_VEHICLE;
      case "N2" -> f.maxMassKg() <= COMMERCIAL_MAX_KG ? COMMERCIAL_VEHICLE : TRUCK;
      case "N3" -> TRUCK;
      case "M2", "M3" -> BUS;
      case "L1", "L2" -> MOPED;
      default -> OTHER;
    };
  }

  /** Why the kind is unknown, or null when it is not. */
  static String problem(VehicleFacts f) {
    int mass = f.maxMassKg();
    return switch (f.euCategory()) {
      case "" -> "no EU vehicle category registered";
      case "N1" -> mass > COMMERCIAL_MAX_KG ? "N1 with a maximum mass of " + mass + " kg: category and mass contradict" : null;
      case "N2" -> mass <= 0 ? "N2 without a maximum mass: bedrijfsauto (<= 3500 kg) or vrachtauto cannot be told" : null;
      case "N3" -> mass > 0 && mass <= COMMERCIAL_MAX_KG
          ? "N3 with a maximum mass of " + mass + " kg: category and mass contradict" : null;
      default -> null;
    };
  }

  /** The Dutch term of the rules, for reasons. */
  String term() {
    return switch (this) {
      case PASSENGER_CAR -> "personenauto";
      case COMMERCIAL_VEHICLE -> "bedrijfsauto";
      case TRUCK -> "vrachtauto";
      case BUS -> "bus";
      case MOPED -> "bromfiets";
      case OTHER -> "other vehicle";
      case UNKNOWN -> "unknown kind";
    };
  }
}
