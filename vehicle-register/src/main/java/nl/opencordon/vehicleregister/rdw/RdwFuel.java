package nl.opencordon.vehicleregister.rdw;

import java.util.function.Function;

/**
 * One row of RDW's "Gekentekende voertuigen brandstof" (8ys7-d773): a vehicle has one per fuel (two for a
 * hybrid), in the order of {@code brandstof_volgnummer}.
 *
 * @param emissionCode emissiecode_omschrijving, e.g. "5" or "Z"
 * @param exhaustLevel uitlaatemissieniveau, e.g. "EURO 5 G" or "EURO VI C"
 * @param approvalLight milieuklasse_eg_goedkeuring_licht, the EU act of a light vehicle's emission type
 *     approval, e.g. "715/2007*692/2008J"
 * @param approvalHeavy milieuklasse_eg_goedkeuring_zwaar, the same for a heavy engine, e.g. "595/2009*2016/1718D"
 */
public record RdwFuel(String plate, int sequence, String fuel, String emissionCode, String exhaustLevel,
                      String approvalLight, String approvalHeavy) {

  /** Reads a row given by API field name (columns_8ys7-d773.tsv). */
  public static RdwFuel fromFields(Function<String, String> field) {
    Integer seq = RdwValues.integer(field.apply("brandstof_volgnummer"));
    return new RdwFuel(RdwValues.plate(field.apply("kenteken")), seq == null ? 1 : seq,
        RdwValues.text(field.apply("brandstof_omschrijving")), RdwValues.text(field.apply("emissiecode_omschrijving")),
        RdwValues.text(field.apply("uitlaatemissieniveau")), RdwValues.text(field.apply("milieuklasse_eg_goedkeuring_licht")),
        RdwValues.text(field.apply("milieuklasse_eg_goedkeuring_zwaar")));
  }

  /** The act of the type approval, light or else heavy; null when RDW registers neither. */
  String approval() {
    return approvalLight != null ? approvalLight : approvalHeavy;
  }
}
