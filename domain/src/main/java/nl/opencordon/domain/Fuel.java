package nl.opencordon.domain;

/**
 * Fuels as named in RDW's brandstof_omschrijving. {@link #OTHER} is a registered fuel we do not list (e.g.
 * "Alcohol"), always with a combustion engine; {@link #UNKNOWN} is a fuel row without a fuel, on which no
 * verdict can rest.
 */
public enum Fuel {
  PETROL, DIESEL, ELECTRIC, HYDROGEN, LPG, CNG, LNG, OTHER, UNKNOWN;

  public static Fuel fromRdw(String omschrijving) {
    if (omschrijving == null || omschrijving.isBlank()) {
      return UNKNOWN;
    }
    return switch (omschrijving.trim().toLowerCase()) {
      case "benzine" -> PETROL;
      case "diesel" -> DIESEL;
      case "elektriciteit" -> ELECTRIC;
      case "waterstof" -> HYDROGEN;
      case "lpg" -> LPG;
      case "cng" -> CNG;
      case "lng" -> LNG;
      default -> OTHER;
    };
  }

  /** Fuels that emit nothing at the tailpipe (RVV art 86c: emissieklasse Z). */
  public boolean zeroEmission() {
    return this == ELECTRIC || this == HYDROGEN;
  }
}
