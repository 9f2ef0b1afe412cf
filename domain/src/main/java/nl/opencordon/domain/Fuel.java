package nl.opencordon.domain;

/** Fuels as named in RDW's brandstof_omschrijving. */
public enum Fuel {
  PETROL, DIESEL, ELECTRIC, HYDROGEN, LPG, CNG, LNG, OTHER;

  public static Fuel fromRdw(String omschrijving) {
    if (omschrijving == null) {
      return OTHER;
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
