package nl.opencordon.vehicleregister.rdw;

import java.time.LocalDate;
import java.util.function.Function;

/**
 * The fields of RDW's "Gekentekende voertuigen" (m9d7-ebf2) that the regimes need, typed. Built from the
 * API's JSON and from the bulk CSV by the same {@link #fromFields}, so both sources mean the same thing.
 *
 * @param firstAdmission datum_eerste_toelating; null when the register has none
 * @param maxMassKg toegestane_maximum_massa_voertuig; null when unknown
 * @param massInRunningOrderKg massa_rijklaar; null when unknown
 * @param make merk, {@code model} handelsbenaming and {@code colour} eerste_kleur: no rule reads them, the
 *     officer compares them with the photo; null when unknown
 */
public record RdwVehicle(String plate, String vehicleType, String euCategory, String bodyType,
                         LocalDate firstAdmission, Integer maxMassKg, Integer massInRunningOrderKg,
                         String make, String model, String colour) {

  /** A vehicle without make, model and colour. */
  public RdwVehicle(String plate, String vehicleType, String euCategory, String bodyType, LocalDate firstAdmission,
                    Integer maxMassKg, Integer massInRunningOrderKg) {
    this(plate, vehicleType, euCategory, bodyType, firstAdmission, maxMassKg, massInRunningOrderKg, null, null, null);
  }

  /** Reads a row given by API field name (columns_m9d7-ebf2.tsv); blank values are absent. */
  public static RdwVehicle fromFields(Function<String, String> field) {
    return new RdwVehicle(RdwValues.plate(field.apply("kenteken")), RdwValues.text(field.apply("voertuigsoort")),
        RdwValues.text(field.apply("europese_voertuigcategorie")), RdwValues.text(field.apply("inrichting")),
        RdwValues.date(field.apply("datum_eerste_toelating")),
        RdwValues.integer(field.apply("toegestane_maximum_massa_voertuig")),
        RdwValues.integer(field.apply("massa_rijklaar")),
        RdwValues.text(field.apply("merk")), RdwValues.text(field.apply("handelsbenaming")),
        RdwValues.text(field.apply("eerste_kleur")));
  }
}
