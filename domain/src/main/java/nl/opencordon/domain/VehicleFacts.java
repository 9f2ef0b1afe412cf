package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The facts from the vehicle register (RDW) that a regime needs.
 *
 * @param vehicleType RDW voertuigsoort, e.g. "Personenauto", "Bedrijfsauto", "Bromfiets"
 * @param euCategory EU vehicle category, e.g. "M1", "N1", "L1"
 * @param bodyType RDW inrichting, e.g. "opleggertrekker", "kampeerwagen"
 * @param fuels one per registered fuel row; empty when the register has none, {@link Fuel#UNKNOWN} for a row
 *     without a fuel: both leave the verdict UNKNOWN where the fuel matters
 * @param emissionClass "0".."6" or "Z"; empty when the register has none (then derived, see
 *     {@link EmissionClasses})
 * @param maxMassKg toegestane maximum massa; 0 when unknown
 * @param massInRunningOrderKg massa rijklaar; 0 when unknown (then no class is derived)
 * @param bodyworkCodes RDW carrosserietype, one per carrosserie row: the bodywork codes of Regulation (EU)
 *     2018/858 Annex I part C, e.g. "BB" van, "AF" multipurpose vehicle, "SH" wheelchair accessible; empty
 *     when RDW has no carrosserie row, and in facts persisted before this field existed (read as null)
 * @param make RDW merk, {@code model} handelsbenaming, {@code colour} eerste_kleur ("VOLKSWAGEN",
 *     "TRANSPORTER", "WIT"): no rule reads them; the officer compares them with the photo to spot a misread
 *     plate. Empty when unknown, and in facts persisted before these fields existed
 */
public record VehicleFacts(Plate plate, String vehicleType, String euCategory, String bodyType, Set<Fuel> fuels,
                           Optional<String> emissionClass, LocalDate firstAdmission, int maxMassKg,
                           int massInRunningOrderKg, Set<String> bodyworkCodes, String make, String model,
                           String colour) {

  /** The bodywork code of a wheelchair-accessible vehicle ("voor rolstoelen toegankelijk voertuig", RVV art 86c). */
  public static final String WHEELCHAIR_ACCESSIBLE = "SH";

  public VehicleFacts {
    Objects.requireNonNull(plate, "plate");
    Objects.requireNonNull(firstAdmission, "firstAdmission");
    fuels = Set.copyOf(fuels);
    vehicleType = vehicleType == null ? "" : vehicleType;
    euCategory = euCategory == null ? "" : euCategory.trim().toUpperCase();
    bodyType = bodyType == null ? "" : bodyType;
    bodyworkCodes = bodyworkCodes == null ? Set.of() : bodyworkCodes.stream()
        .map(c -> c.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    make = make == null ? "" : make;
    model = model == null ? "" : model;
    colour = colour == null ? "" : colour;
  }

  /** Facts without make, model and colour, which no rule needs. */
  public VehicleFacts(Plate plate, String vehicleType, String euCategory, String bodyType, Set<Fuel> fuels,
                      Optional<String> emissionClass, LocalDate firstAdmission, int maxMassKg,
                      int massInRunningOrderKg, Set<String> bodyworkCodes) {
    this(plate, vehicleType, euCategory, bodyType, fuels, emissionClass, firstAdmission, maxMassKg,
        massInRunningOrderKg, bodyworkCodes, "", "", "");
  }

  /**
   * Bodywork codes of the trucks the ZE-zone exempts while younger than 13 years (row ZE-12, a vrijstelling
   * given by the plate, no application): concrete mixer 15 and pump 16, street cleaner 19, shop 23, crane 26,
   * aerial platform 27, fire engine 31, and the special-purpose codes armoured SB and mobile crane SF.
   */
  public static final Set<String> SPECIAL_TRUCK_CODES = Set.of("15", "16", "19", "23", "26", "27", "31", "SB", "SF");

  /** Registered with code SH on one of its carrosserie rows. */
  public boolean isWheelchairAccessible() {
    return bodyworkCodes.contains(WHEELCHAIR_ACCESSIBLE);
  }

  /** Registered with one of the {@link #SPECIAL_TRUCK_CODES}. */
  public boolean isSpecialTruck() {
    return bodyworkCodes.stream().anyMatch(SPECIAL_TRUCK_CODES::contains);
  }

  /** By the EU category, and an N2 of at most 3500 kg maximum mass is a van: a bedrijfsauto (RVV art 86c). */
  public VehicleCategory category() {
    VehicleCategory c = VehicleCategory.fromEuCategory(euCategory);
    return c == VehicleCategory.TRUCK && LegalKind.of(this) == LegalKind.COMMERCIAL_VEHICLE ? VehicleCategory.VAN : c;
  }

  /**
   * The categories the vehicle may be: its {@link #category()}, or van and truck both where category and
   * mass leave its kind open (an N2 without a maximum mass, an N1 over or N3 under 3500 kg).
   */
  Set<VehicleCategory> possibleCategories() {
    return euCategory.startsWith("N") && LegalKind.problem(this) != null
        ? Set.of(VehicleCategory.VAN, VehicleCategory.TRUCK) : Set.of(category());
  }

  public boolean isZeroEmission() {
    return emissionClass.map("Z"::equalsIgnoreCase).orElse(false)
        || (!fuels.isEmpty() && fuels.stream().allMatch(Fuel::zeroEmission));
  }

  public boolean usesDiesel() {
    return fuels.contains(Fuel.DIESEL);
  }

  /**
   * The emission class as registered, else as RDW derives it from the first admission date in the vehicle's
   * mass group; empty when neither is possible.
   */
  public Optional<Integer> effectiveEuroClass() {
    // asked for every vehicle at every gate: a character test, not a regular expression compiled per call
    Optional<String> registered = emissionClass.filter(c -> c.length() == 1 && c.charAt(0) >= '0'
        && c.charAt(0) <= '6');
    if (registered.isPresent()) {
      return registered.map(Integer::parseInt);
    }
    return EmissionClasses.derive(massInRunningOrderKg, LegalKind.of(this), firstAdmission);
  }
}
