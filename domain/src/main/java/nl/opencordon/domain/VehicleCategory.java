package nl.opencordon.domain;

/**
 * Coarse vehicle class as a camera or the vehicle register reports it, and the names a city file lists in a
 * closed area's allowed or exempt categories. A vehicle's own category is one of the first eight; the names
 * after them are finer, for lists only: an L category of Regulation (EU) 168/2013 ({@link #L1E} to
 * {@link #L7E}), and the two-wheelers (L1e moped, L3e motorcycle) apart from the three-wheelers and
 * quadricycles (L2e, L4e sidecar combination, L5e, L6e, L7e). {@link #MOPED} (L1e, L2e) and
 * {@link #MOTORCYCLE} (L3e to L7e) keep covering what they always did.
 */
public enum VehicleCategory {
  PASSENGER_CAR, VAN, TRUCK, BUS, MOPED, MOTORCYCLE, OTHER, UNKNOWN,
  L1E, L2E, L3E, L4E, L5E, L6E, L7E, TWO_WHEELER, THREE_OR_FOUR_WHEELER;

  /** The categories a vehicle can have (a camera's or the register's); the rest are names for lists. */
  public static final java.util.Set<VehicleCategory> OF_A_VEHICLE =
      java.util.Collections.unmodifiableSet(java.util.EnumSet.range(PASSENGER_CAR, UNKNOWN));

  /**
   * From the EU vehicle category (europese_voertuigcategorie, "L1" or "L1e"). N1 is a van (bedrijfsauto),
   * N2 and N3 are trucks: where the maximum mass is known, {@link VehicleFacts#category()} makes an N2 of
   * at most 3500 kg a van, as RVV art 86c does.
   */
  public static VehicleCategory fromEuCategory(String eu) {
    if (eu == null || eu.isBlank()) {
      return UNKNOWN;
    }
    return switch (withoutSuffix(eu)) {
      case "M1" -> PASSENGER_CAR;
      case "N1" -> VAN;
      case "N2", "N3" -> TRUCK;
      case "M2", "M3" -> BUS;
      case "L1", "L2" -> MOPED;
      case "L3", "L4", "L5", "L6", "L7" -> MOTORCYCLE;
      default -> OTHER;
    };
  }

  /**
   * Whether a vehicle of this category with this EU category answers to this name of a list: the coarse
   * names by the vehicle's category, the finer names by its L category.
   */
  boolean covers(VehicleCategory category, String euCategory) {
    String eu = withoutSuffix(euCategory);
    return switch (this) {
      case L1E, L2E, L3E, L4E, L5E, L6E, L7E -> eu.equals(name().substring(0, 2));
      case TWO_WHEELER -> eu.equals("L1") || eu.equals("L3");
      case THREE_OR_FOUR_WHEELER -> eu.length() == 2 && eu.charAt(0) == 'L' && "24567".indexOf(eu.charAt(1)) >= 0;
      default -> this == category;
    };
  }

  /** "L1e", "l1E", " L1 " -> "L1": RDW writes the category without the e, cameras may write it with. */
  private static String withoutSuffix(String eu) {
    String u = eu == null ? "" : eu.trim().toUpperCase(java.util.Locale.ROOT);
    return u.length() == 3 && u.endsWith("E") ? u.substring(0, 2) : u;
  }
}
