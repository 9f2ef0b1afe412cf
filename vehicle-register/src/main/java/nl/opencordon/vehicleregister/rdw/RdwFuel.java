package nl.opencordon.vehicleregister.rdw;

import java.util.function.Function;

/**
 * One row of RDW's "Gekentekende voertuigen brandstof" (8ys7-d773): a vehicle has one per fuel (two for a
 * hybrid), in the order of {@code brandstof_volgnummer}.
 *
 * @param emissionCode emissiecode_omschrijving, e.g. "5" or "Z"
 * @param exhaustLevel uitlaatemissieniveau, e.g. "EURO 5 G" or "EURO VI C"
 */
public record RdwFuel(String plate, int sequence, String fuel, String emissionCode, String exhaustLevel) {

  /** Reads a row given by API field name (columns_8ys7-d773.tsv). */
  public static RdwFuel fromFields(Function<String, String> field) {
    Integer seq = RdwValues.integer(field.apply("brandstof_volgnummer"));
    return new RdwFuel(RdwValues.plate(field.apply("kenteken")), seq == null ? 1 : seq,
        RdwValues.text(field.apply("brandstof_omschrijving")), RdwValues.text(field.apply("emissiecode_omschrijving")),
        RdwValues.text(field.apply("uitlaatemissieniveau")));
  }
}
