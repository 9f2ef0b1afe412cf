package nl.opencordon.domain;

/** Coarse vehicle class as a camera or the vehicle register reports it. */
public enum VehicleCategory {
  PASSENGER_CAR, VAN, TRUCK, BUS, MOPED, MOTORCYCLE, OTHER, UNKNOWN;

  /** From the EU vehicle category (europese_voertuigcategorie) and, for N1, nothing more is needed. */
  public static VehicleCategory fromEuCategory(String eu) {
    if (eu == null || eu.isBlank()) {
      return UNKNOWN;
    }
    return switch (eu.trim().toUpperCase()) {
      case "M1" -> PASSENGER_CAR;
      case "N1" -> VAN;
      case "N2", "N3" -> TRUCK;
      case "M2", "M3" -> BUS;
      case "L1", "L2" -> MOPED;
      case "L3", "L4", "L5", "L6", "L7" -> MOTORCYCLE;
      default -> OTHER;
    };
  }
}
