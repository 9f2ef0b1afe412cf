package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
 * @param bodyworkNumbers RDW carrosseriecode of the carrosserie specificatie (dataset jhie-znh9): the numbers
 *     that supplement the bodywork code (Regulation (EU) 2018/858 Annex I part C appendix 2, e.g. 3 box body,
 *     15 concrete mixer, 26 crane), without leading zeros; empty set: none registered; empty Optional: not
 *     known (e.g. facts persisted before this field existed)
 * @param particularCodes RDW bijzonderheid_code, one per row of "Gekentekende voertuigen bijzonderheden"
 *     (dataset 7ug8-2dtt), e.g. 145; empty set: none registered; empty Optional: not known
 * @param emissionApproval the EU act of the emission type approval as RDW registers it on the deciding fuel row
 *     (milieuklasse_eg_goedkeuring_licht, else _zwaar), e.g. "715/2007*692/2008J" or "595/2009*2016/1718D";
 *     empty when none is registered
 * @param make RDW merk, {@code model} handelsbenaming, {@code colour} eerste_kleur ("VOLKSWAGEN",
 *     "TRANSPORTER", "WIT"): no rule reads them; the officer compares them with the photo to spot a misread
 *     plate. Empty when unknown, and in facts persisted before these fields existed
 */
public record VehicleFacts(Plate plate, String vehicleType, String euCategory, String bodyType, Set<Fuel> fuels,
                           Optional<String> emissionClass, LocalDate firstAdmission, int maxMassKg,
                           int massInRunningOrderKg, Set<String> bodyworkCodes, Optional<Set<String>> bodyworkNumbers,
                           Optional<Set<String>> particularCodes, Optional<String> emissionApproval,
                           String make, String model, String colour) {

  /** The bodywork code of a wheelchair-accessible vehicle ("voor rolstoelen toegankelijk voertuig", RVV art 86c). */
  public static final String WHEELCHAIR_ACCESSIBLE = "SH";

  /**
   * The bijzonderheidscodes of a wheelchair-accessible vehicle in RVV 1990 art 86c ("een voertuig ... met een
   * van de codes 145, 146, 147 of 149"). Some secondary sources name code 70 too; the law's text does not.
   */
  public static final Set<String> WHEELCHAIR_PARTICULARS = Set.of("145", "146", "147", "149");

  public VehicleFacts {
    Objects.requireNonNull(plate, "plate");
    Objects.requireNonNull(firstAdmission, "firstAdmission");
    fuels = Set.copyOf(fuels);
    vehicleType = vehicleType == null ? "" : vehicleType;
    euCategory = euCategory == null ? "" : euCategory.trim().toUpperCase();
    bodyType = bodyType == null ? "" : bodyType;
    bodyworkCodes = bodyworkCodes == null ? Set.of() : codes(bodyworkCodes);
    // Facts persisted before these fields existed read them as null: not known, which is not "none".
    bodyworkNumbers = bodyworkNumbers == null ? Optional.empty() : bodyworkNumbers.map(VehicleFacts::codes);
    particularCodes = particularCodes == null ? Optional.empty() : particularCodes.map(VehicleFacts::codes);
    emissionApproval = emissionApproval == null ? Optional.empty()
        : emissionApproval.map(String::trim).filter(a -> !a.isEmpty());
    emissionClass = emissionClass == null ? Optional.empty() : emissionClass;
    make = make == null ? "" : make;
    model = model == null ? "" : model;
    colour = colour == null ? "" : colour;
  }

  /**
   * The facts of the first shape: no specific bodywork numbers and no bijzonderheden registered, no type
   * approval, no make, model or colour; for simulations and tests that describe a whole vehicle.
   */
  public VehicleFacts(Plate plate, String vehicleType, String euCategory, String bodyType, Set<Fuel> fuels,
                      Optional<String> emissionClass, LocalDate firstAdmission, int maxMassKg,
                      int massInRunningOrderKg, Set<String> bodyworkCodes) {
    this(plate, vehicleType, euCategory, bodyType, fuels, emissionClass, firstAdmission, maxMassKg,
        massInRunningOrderKg, bodyworkCodes, Optional.of(Set.of()), Optional.of(Set.of()), Optional.empty(), "", "", "");
  }

  private static Set<String> codes(Set<String> raw) {
    return raw.stream().map(c -> c.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Bodywork codes of the trucks the ZE-zone exempts while younger than 13 years (row ZE-12, a vrijstelling
   * given by the plate, no application): concrete mixer 15 and pump 16, street cleaner 19, shop 23, crane 26,
   * aerial platform 27, fire engine 31, and the special-purpose codes armoured SB and mobile crane SF.
   */
  public static final Set<String> SPECIAL_TRUCK_CODES = Set.of("15", "16", "19", "23", "26", "27", "31", "SB", "SF");

  /** Registered with code SH on one of its carrosserie rows, or with one of the {@link #WHEELCHAIR_PARTICULARS}. */
  public boolean isWheelchairAccessible() {
    return bodyworkCodes.contains(WHEELCHAIR_ACCESSIBLE)
        || particularCodes.orElse(Set.of()).stream().anyMatch(WHEELCHAIR_PARTICULARS::contains);
  }

  /** Not registered as wheelchair accessible, but the bijzonderheden that could say so are not known. */
  public boolean wheelchairAccessUnknown() {
    return !isWheelchairAccessible() && particularCodes.isEmpty();
  }

  /** Registered with one of the {@link #SPECIAL_TRUCK_CODES}, as a carrosserie code or a specific number. */
  public boolean isSpecialTruck() {
    return Stream.concat(bodyworkCodes.stream(), bodyworkNumbers.orElse(Set.of()).stream())
        .anyMatch(SPECIAL_TRUCK_CODES::contains);
  }

  /** Not registered as a special truck, but the specific bodywork numbers that could say so are not known. */
  public boolean specialTruckUnknown() {
    return !isSpecialTruck() && bodyworkNumbers.isEmpty();
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
   * The emission class in RDW's order: as registered; else as the EU act of the type approval fixes it; else
   * as RDW derives it from the first admission date in the vehicle's mass group, but never a class the type
   * approval rules out (a Regulation 715/2007 approval is Euro 5 or 6, so a derived 4 gives no class). Empty
   * when none of these gives one.
   */
  public Optional<Integer> effectiveEuroClass() {
    // asked for every vehicle at every gate: a character test, not a regular expression compiled per call
    Optional<String> registered = emissionClass.filter(c -> c.length() == 1 && c.charAt(0) >= '0'
        && c.charAt(0) <= '6');
    if (registered.isPresent()) {
      return registered.map(Integer::parseInt);
    }
    Optional<EmissionClasses.Range> approved = emissionApproval.flatMap(EmissionClasses::fromApproval);
    if (approved.isPresent() && approved.get().exact()) {
      return Optional.of(approved.get().min());
    }
    Optional<Integer> derived = EmissionClasses.derive(massInRunningOrderKg, LegalKind.of(this), firstAdmission);
    return approved.isEmpty() ? derived : derived.filter(approved.get()::contains);
  }
}
