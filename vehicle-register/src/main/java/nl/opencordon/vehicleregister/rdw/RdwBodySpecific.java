package nl.opencordon.vehicleregister.rdw;

import java.util.function.Function;

/**
 * One row of RDW's "Gekentekende voertuigen carrosserie specificatie" (jhie-znh9): the number that supplements
 * a carrosserie's bodywork code, per {@code carrosserie_volgnummer} and
 * {@code carrosserie_voertuig_nummer_code_volgnummer}.
 *
 * @param code carrosseriecode, the number of Regulation (EU) 2018/858 Annex I part C appendix 2 (formerly
 *     Directive 2007/46/EC Annex II), e.g. "3" box body ("Gesloten opbouw"), "15" concrete mixer, "26" crane,
 *     without leading zeros; null when the row has none
 */
public record RdwBodySpecific(String plate, int bodySequence, int sequence, String code) {

  /** Reads a row given by API field name (columns_jhie-znh9.tsv). */
  public static RdwBodySpecific fromFields(Function<String, String> field) {
    Integer body = RdwValues.integer(field.apply("carrosserie_volgnummer"));
    Integer seq = RdwValues.integer(field.apply("carrosserie_voertuig_nummer_code_volgnummer"));
    return new RdwBodySpecific(RdwValues.plate(field.apply("kenteken")), body == null ? 1 : body,
        seq == null ? 1 : seq, RdwValues.code(field.apply("carrosseriecode")));
  }
}
