package nl.opencordon.vehicleregister.rdw;

import java.util.function.Function;

/**
 * One row of RDW's "Gekentekende voertuigen bijzonderheden" (7ug8-2dtt): a particular registered for a vehicle,
 * in the order of {@code bijzonderheid_volgnummer}; most vehicles have none.
 *
 * @param code bijzonderheid_code, e.g. "145" (one of the wheelchair-accessible codes of RVV 1990 art 86c); null
 *     when the row has none
 */
public record RdwParticular(String plate, int sequence, String code) {

  /** Reads a row given by API field name (columns_7ug8-2dtt.tsv). */
  public static RdwParticular fromFields(Function<String, String> field) {
    Integer seq = RdwValues.integer(field.apply("bijzonderheid_volgnummer"));
    return new RdwParticular(RdwValues.plate(field.apply("kenteken")), seq == null ? 1 : seq,
        RdwValues.code(field.apply("bijzonderheid_code")));
  }
}
