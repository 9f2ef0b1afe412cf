package nl.opencordon.vehicleregister.rdw;

import java.util.function.Function;

/**
 * One row of RDW's "Gekentekende voertuigen carrosserie" (vezc-m2t6): a vehicle has one per carrosserie, in
 * the order of {@code carrosserie_volgnummer}.
 *
 * @param code carrosserietype, the bodywork code of Regulation (EU) 2018/858 Annex I part C, e.g. "BB" (van),
 *     "SH" (wheelchair accessible); null when the row has none
 */
public record RdwBody(String plate, int sequence, String code) {

  /** Reads a row given by API field name (columns_vezc-m2t6.tsv). */
  public static RdwBody fromFields(Function<String, String> field) {
    Integer seq = RdwValues.integer(field.apply("carrosserie_volgnummer"));
    return new RdwBody(RdwValues.plate(field.apply("kenteken")), seq == null ? 1 : seq,
        RdwValues.text(field.apply("carrosserietype")));
  }
}
