package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The access rule of a zone, evaluated for one vehicle on one (local) day. Every regime carries the
 * vehicles it lets in regardless ({@link Exempt}). A vehicle is never refused on missing, contradictory or
 * guessed facts: those give {@link Verdict.Outcome#UNKNOWN}. Every verdict names its rule (the rows of
 * testdata/rules/ze_milieuzone_rules.csv; {@link RuleSources} gives their sources) and the facts it used.
 */
public sealed interface Regime
    permits Regime.ZeroEmission, Regime.Milieuzone, Regime.ClosedArea {

  /** The rule itself, before legal exemptions. */
  Verdict decide(VehicleFacts facts, LocalDate day);

  /** Vehicles exempt by law or by the municipality's decision (e.g. emergency services). */
  Exempt exempt();

  /** Settings whose dates are disputed: to be logged when the zone is loaded. */
  default List<String> warnings() {
    return List.of();
  }

  default Verdict evaluate(VehicleFacts facts, LocalDate day) {
    Verdict v = decide(facts, day);
    if (!v.isViolation()) {
      return v;
    }
    if (exempt().covers(facts)) {
      return verdict(Verdict.Outcome.EXEMPT, "LX-1", "legally exempt " + facts.category() + " / " + facts.bodyType(), facts);
    }
    if (covered(exempt().categories(), facts).isEmpty()) {
      return verdict(Verdict.Outcome.UNKNOWN, "LX-U", "would be refused by " + v.ruleId() + ", but "
          + LegalKind.problem(facts) + ", and the exempt categories take one of van and truck", facts);
    }
    if (facts.bodyType().isBlank() && !exempt().bodyTypes().isEmpty()) {
      return verdict(Verdict.Outcome.UNKNOWN, "LX-U", "would be refused by " + v.ruleId()
          + ", but without a registered body type the exempt body types cannot be checked", facts);
    }
    return v;
  }

  /**
   * Vehicles a regime exempts by kind rather than by plate: EU-based categories, and RDW inrichting values
   * (body types, e.g. "ambulance", "brandweerwagen", "kampeerwagen"), compared without case.
   */
  record Exempt(Set<VehicleCategory> categories, Set<String> bodyTypes) {
    public static final Exempt NONE = new Exempt(Set.of(), Set.of());

    public Exempt {
      categories = Set.copyOf(categories);
      bodyTypes = bodyTypes.stream().map(b -> b.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean covers(VehicleFacts f) {
      return covered(categories, f).orElse(false) || bodyTypes.contains(f.bodyType().trim().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Zero-emission zone for goods vehicles (RVV 1990 art 86c-86e, Staatsblad 2023-241, national agreements).
   * The dates of the transition rules are configuration because some are disputed (row ZE-5); the defaults
   * are the law's.
   *
   * @param newRegistrationCutoff non-ZE vehicles first admitted on or after this day are refused (ZE-2)
   * @param vanEuro5LastDay last day a Euro 5 bedrijfsauto may enter (ZE-4, art 86e lid 3)
   * @param vanEuro6LastDay last day a Euro 6 bedrijfsauto may enter (ZE-5, art 86e lid 4; disputed)
   * @param rigidEuro6From2017LastDay last day a Euro VI rigid truck first admitted 2017-2019 may enter (ZE-7b)
   * @param heavyEuro6LastDay last day a Euro VI tractor (first admitted from 2017) or rigid truck (from 2020)
   *     may enter (ZE-6, ZE-7)
   * @param classicExemptionsLastDay last day the milieuzone exemptions of art 86d lid 5 b-d hold here (ZE-11)
   * @param classicAgeYears first admitted this many years ago or longer: exempt until the day above (ZE-11)
   */
  record ZeroEmission(LocalDate newRegistrationCutoff, LocalDate vanEuro5LastDay, LocalDate vanEuro6LastDay,
                      LocalDate rigidEuro6From2017LastDay, LocalDate heavyEuro6LastDay,
                      LocalDate classicExemptionsLastDay, int classicAgeYears, Exempt exempt) implements Regime {
    public static final LocalDate LAW_VAN_EURO5_LAST_DAY = LocalDate.of(2026, 12, 31);
    public static final LocalDate LAW_VAN_EURO6_LAST_DAY = LocalDate.of(2027, 12, 31);
    public static final LocalDate AGREED_RIGID_2017_LAST_DAY = LocalDate.of(2027, 12, 31);
    public static final LocalDate LAW_HEAVY_EURO6_LAST_DAY = LocalDate.of(2029, 12, 31);
    public static final LocalDate LAW_CLASSIC_LAST_DAY = LocalDate.of(2029, 12, 31);
    /** ZE-12: special trucks are exempt until they are this many years old (counted from first admission). */
    static final int SPECIAL_TRUCK_YEARS = 13;
    static final LocalDate TRACTOR_FROM = LocalDate.of(2017, 1, 1);
    static final LocalDate RIGID_FROM = LocalDate.of(2020, 1, 1);

    public ZeroEmission {
      Objects.requireNonNull(newRegistrationCutoff, "new-registration-cutoff");
      Objects.requireNonNull(vanEuro5LastDay, "van-euro5-last-day");
      Objects.requireNonNull(vanEuro6LastDay, "van-euro6-last-day");
      Objects.requireNonNull(rigidEuro6From2017LastDay, "rigid-euro6-2017-last-day");
      Objects.requireNonNull(heavyEuro6LastDay, "heavy-euro6-last-day");
      Objects.requireNonNull(classicExemptionsLastDay, "classic-exemptions-last-day");
      if (vanEuro6LastDay.isBefore(vanEuro5LastDay)) {
        throw new IllegalArgumentException("van-euro6-last-day " + vanEuro6LastDay + " is before van-euro5-last-day "
            + vanEuro5LastDay);
      }
      if (classicAgeYears < 1) {
        throw new IllegalArgumentException("classic-age-years must be at least 1, got " + classicAgeYears);
      }
      exempt = exempt == null ? Exempt.NONE : exempt;
    }

    /** With the agreed rigid-truck exemption (ZE-7b) and the law's carry-over of exemptions (ZE-11). */
    public ZeroEmission(LocalDate newRegistrationCutoff, LocalDate vanEuro5LastDay, LocalDate vanEuro6LastDay,
                        LocalDate heavyEuro6LastDay) {
      this(newRegistrationCutoff, vanEuro5LastDay, vanEuro6LastDay, AGREED_RIGID_2017_LAST_DAY, heavyEuro6LastDay,
          LAW_CLASSIC_LAST_DAY, 40, Exempt.NONE);
    }

    /** After this day no transition holds (ZE-10). */
    LocalDate lastTransitionDay() {
      return Stream.of(vanEuro5LastDay, vanEuro6LastDay, rigidEuro6From2017LastDay, heavyEuro6LastDay,
          classicExemptionsLastDay).max(LocalDate::compareTo).orElseThrow();
    }

    @Override
    public List<String> warnings() {
      return List.of("ZE-5: van-euro6-last-day is " + vanEuro6LastDay + "; the law (art 86e lid 4) says "
              + LAW_VAN_EURO6_LAST_DAY + " and an extension to 2028-12-31 is announced; rules last checked "
              + RuleSources.LAST_CHECKED,
          "ZE-11: classic-exemptions-last-day is " + classicExemptionsLastDay + " (art 86e lid 5a, text seen in "
              + "part); rules last checked " + RuleSources.LAST_CHECKED);
    }

    @Override
    public Verdict decide(VehicleFacts f, LocalDate day) {
      LegalKind kind = LegalKind.of(f);
      if (kind == LegalKind.UNKNOWN) {
        return unknown("ZE-U", LegalKind.problem(f), f);
      }
      if (kind != LegalKind.COMMERCIAL_VEHICLE && kind != LegalKind.TRUCK) {
        return verdict(Verdict.Outcome.OUT_OF_SCOPE, "ZE-0", "the ZE-zone covers bedrijfsauto's and vrachtauto's only", f);
      }
      if (f.isZeroEmission()) {
        return verdict(Verdict.Outcome.ALLOWED, "ZE-1", "zero emission (emissieklasse Z)", f);
      }
      if (!hasCombustionFuel(f)) {
        return unknown("ZE-U", "no fuel registered, so zero emission cannot be ruled out", f);
      }
      if (day.isAfter(lastTransitionDay())) {
        return notAllowed("ZE-10", "not zero emission, and every transition ended " + lastTransitionDay(), f);
      }
      boolean exemptionsHold = !day.isAfter(classicExemptionsLastDay);
      if (isClassic(f, day, classicAgeYears) && exemptionsHold) {
        return verdict(Verdict.Outcome.EXEMPT, "ZE-11", "first admitted " + classicAgeYears
            + " years or longer ago: milieuzone exemption carried over until " + classicExemptionsLastDay, f);
      }
      if (f.isWheelchairAccessible() && exemptionsHold) {
        return verdict(Verdict.Outcome.EXEMPT, "ZE-11", "wheelchair accessible (" + WHEELCHAIR
            + ", RVV art 86c): milieuzone exemption carried over until " + classicExemptionsLastDay, f);
      }
      boolean specialTruckAge = kind == LegalKind.TRUCK && exemptionsHold
          && f.firstAdmission().plusYears(SPECIAL_TRUCK_YEARS).isAfter(day);
      if (specialTruckAge && f.isSpecialTruck()) {
        return verdict(Verdict.Outcome.EXEMPT, "ZE-12", "special truck (carrosserie code "
            + String.join("+", Stream.concat(f.bodyworkCodes().stream(), f.bodyworkNumbers().orElse(Set.of()).stream())
                .filter(VehicleFacts.SPECIAL_TRUCK_CODES::contains).sorted().toList()) + ") younger than "
            + SPECIAL_TRUCK_YEARS + " years: national vrijstelling until " + classicExemptionsLastDay, f);
      }
      Verdict v = byClass(kind, f, day);
      if (!v.isViolation() || !exemptionsHold) {
        return v;
      }
      if (f.bodyworkCodes().isEmpty()) {
        // RDW registers a carrosserie for (almost) every goods vehicle: none at all leaves code SH open.
        return unknown("ZE-U", "would be refused by " + v.ruleId() + ", but without a registered carrosserie a "
            + "wheelchair-accessible vehicle (code " + VehicleFacts.WHEELCHAIR_ACCESSIBLE + ", ZE-11) cannot be "
            + "ruled out", f);
      }
      if (f.wheelchairAccessUnknown()) {
        return unknown("ZE-U", "would be refused by " + v.ruleId() + ", but the bijzonderheden are not known, so a "
            + "wheelchair-accessible vehicle (" + WHEELCHAIR + ", ZE-11) cannot be ruled out", f);
      }
      if (specialTruckAge && f.specialTruckUnknown()) {
        return unknown("ZE-U", "would be refused by " + v.ruleId() + ", but the specific carrosserie codes are not "
            + "known, so a special truck younger than " + SPECIAL_TRUCK_YEARS + " years (ZE-12) cannot be ruled out", f);
      }
      return v;
    }

    /** The transitions by emission class and kind (ZE-2 to ZE-8), for a vehicle no exemption covers. */
    private Verdict byClass(LegalKind kind, VehicleFacts f, LocalDate day) {
      if (!f.firstAdmission().isBefore(newRegistrationCutoff)) {
        return notAllowed("ZE-2", "not zero emission and first admitted on or after " + newRegistrationCutoff, f);
      }
      Optional<Integer> known = f.effectiveEuroClass();
      if (known.isEmpty()) {
        return unknown("ZE-U", "emission class not registered and not derivable for this mass group", f);
      }
      int euro = known.get();
      if (kind == LegalKind.COMMERCIAL_VEHICLE) {
        if (euro <= 4) {
          return notAllowed("ZE-3", "bedrijfsauto with emission class " + euro + " has no transition", f);
        }
        return transition(euro == 5 ? "ZE-4" : "ZE-5", "bedrijfsauto emission class " + euro,
            euro == 5 ? vanEuro5LastDay : vanEuro6LastDay, day, f);
      }
      if (f.bodyType().isBlank()) {
        // Tractor or rigid truck: without the body type only a verdict both would get stands.
        Verdict tractor = truck(true, euro, f, day);
        Verdict rigid = truck(false, euro, f, day);
        if (tractor.outcome() == rigid.outcome()) {
          return rigid.notAllowedFrom().orElse(LocalDate.MAX).isAfter(tractor.notAllowedFrom().orElse(LocalDate.MAX))
              ? tractor : rigid;
        }
        return unknown("ZE-U", "no body type registered: as a tractor " + tractor.ruleId() + " " + tractor.outcome()
            + ", as a rigid truck " + rigid.ruleId() + " " + rigid.outcome(), f);
      }
      return truck(f.bodyType().toLowerCase(Locale.ROOT).contains("opleggertrekker"), euro, f, day);
    }

    private Verdict truck(boolean tractor, int euro, VehicleFacts f, LocalDate day) {
      LocalDate det = f.firstAdmission();
      if (euro >= 6 && tractor && !det.isBefore(TRACTOR_FROM)) {
        return transition("ZE-6", "Euro VI tractor first admitted from " + TRACTOR_FROM, heavyEuro6LastDay, day, f);
      }
      if (euro >= 6 && !tractor && !det.isBefore(RIGID_FROM)) {
        return transition("ZE-7", "Euro VI rigid truck first admitted from " + RIGID_FROM, heavyEuro6LastDay, day, f);
      }
      if (euro >= 6 && !tractor && !det.isBefore(TRACTOR_FROM)) {
        return transition("ZE-7b", "Euro VI rigid truck first admitted " + TRACTOR_FROM + " .. " + RIGID_FROM.minusDays(1),
            rigidEuro6From2017LastDay, day, f);
      }
      return notAllowed("ZE-8", (tractor ? "tractor" : "rigid truck") + " with emission class " + euro
          + " outside every transition for vrachtauto's", f);
    }

    private static Verdict transition(String rule, String what, LocalDate last, LocalDate day, VehicleFacts f) {
      return day.isAfter(last) ? notAllowed(rule, what + ": transition ended " + last, f)
          : Verdict.allowedUntil(rule, what + ": transition until " + last + "; " + facts(f), last);
    }
  }

  /**
   * Milieuzone (RVV 1990 art 86d): diesel cars, bedrijfsauto's, trucks and buses by emission class; mopeds
   * with a combustion engine by first admission date (MZ-9, Amsterdam's local rule). Wheelchair-accessible
   * vehicles are exempt (MZ-3b).
   *
   * @param minDieselLightClass minimum class for diesel cars and bedrijfsauto's: 3 yellow (MZ-4), 4 green
   *     (MZ-5), 5 blue (MZ-6)
   * @param minDieselHeavyClass minimum class for the heavy kinds (MZ-7)
   * @param heavyKinds which of {@link VehicleCategory#TRUCK} and {@link VehicleCategory#BUS} the heavy rule
   *     covers here; municipalities differ
   * @param mopedFirstAdmissionFrom mopeds first admitted before this day are refused; null: mopeds out of scope
   * @param mopedFourStrokeExemptFrom where four-stroke mopeds first admitted from this day (and before the
   *     day above) are exempt: the register does not record the stroke, so they are UNKNOWN; null: no such
   *     exemption
   * @param dieselCarFirstAdmissionFrom a local rule for diesel cars (MZ-8, Amsterdam): they are judged by the
   *     light rule's class as everywhere, and only a car without a registered or derivable class is refused
   *     when first admitted before this day; null: no such rule
   * @param classicAgeYears diesel vehicles at least this old are exempt (MZ-2)
   */
  record Milieuzone(int minDieselLightClass, int minDieselHeavyClass, Set<VehicleCategory> heavyKinds,
                    LocalDate mopedFirstAdmissionFrom, LocalDate mopedFourStrokeExemptFrom,
                    LocalDate dieselCarFirstAdmissionFrom, int classicAgeYears, Exempt exempt) implements Regime {
    public static final Set<VehicleCategory> HEAVY_KINDS = Set.of(VehicleCategory.TRUCK, VehicleCategory.BUS);

    public Milieuzone {
      if (minDieselLightClass < 0 || minDieselLightClass > 6 || minDieselHeavyClass < 0 || minDieselHeavyClass > 6) {
        throw new IllegalArgumentException("minimum emission classes must be 0..6, got " + minDieselLightClass
            + " and " + minDieselHeavyClass);
      }
      if (classicAgeYears < 1) {
        throw new IllegalArgumentException("classic-age-years must be at least 1, got " + classicAgeYears);
      }
      heavyKinds = heavyKinds == null ? HEAVY_KINDS : Set.copyOf(heavyKinds);
      if (!HEAVY_KINDS.containsAll(heavyKinds)) {
        throw new IllegalArgumentException("heavy-kinds may name truck and bus only, got " + heavyKinds);
      }
      exempt = exempt == null ? Exempt.NONE : exempt;
    }

    /** Trucks and buses under the heavy rule, no local car rule, no exempt kinds. */
    public Milieuzone(int minDieselLightClass, int minDieselHeavyClass, LocalDate mopedFirstAdmissionFrom,
                      int classicAgeYears) {
      this(minDieselLightClass, minDieselHeavyClass, HEAVY_KINDS, mopedFirstAdmissionFrom, null, null,
          classicAgeYears, Exempt.NONE);
    }

    /** The rule id of the light rule: the zone's colour by its minimum class. */
    String lightRule() {
      return minDieselLightClass <= 3 ? "MZ-4" : minDieselLightClass == 4 ? "MZ-5" : "MZ-6";
    }

    @Override
    public Verdict decide(VehicleFacts f, LocalDate day) {
      LegalKind kind = LegalKind.of(f);
      if (kind == LegalKind.MOPED) {
        return moped(f);
      }
      if (kind == LegalKind.UNKNOWN) {
        return unknown("MZ-U", LegalKind.problem(f), f);
      }
      boolean light = kind == LegalKind.PASSENGER_CAR || kind == LegalKind.COMMERCIAL_VEHICLE;
      boolean heavy = (kind == LegalKind.TRUCK && heavyKinds.contains(VehicleCategory.TRUCK))
          || (kind == LegalKind.BUS && heavyKinds.contains(VehicleCategory.BUS));
      if (!(light || heavy)) {
        return verdict(Verdict.Outcome.OUT_OF_SCOPE, "MZ-1", "this milieuzone does not cover a " + kind.term(), f);
      }
      if (!f.usesDiesel()) {
        return f.fuels().isEmpty() || f.fuels().contains(Fuel.UNKNOWN)
            ? unknown("MZ-U", "fuel not registered, so a diesel engine cannot be ruled out", f)
            : verdict(Verdict.Outcome.OUT_OF_SCOPE, "MZ-1", "no diesel engine", f);
      }
      if (isClassic(f, day, classicAgeYears)) {
        return verdict(Verdict.Outcome.EXEMPT, "MZ-2", "first admitted " + classicAgeYears + " years or longer ago", f);
      }
      if (f.isWheelchairAccessible()) {
        return verdict(Verdict.Outcome.EXEMPT, "MZ-3b", "wheelchair accessible (" + WHEELCHAIR
            + ", RVV art 86c and 86d lid 5)", f);
      }
      Verdict v = byClass(kind, light, f);
      if (v.isViolation() && (f.bodyworkCodes().isEmpty() || f.wheelchairAccessUnknown())) {
        return unknown("MZ-U", "would be refused by " + v.ruleId() + ", but without "
            + (f.bodyworkCodes().isEmpty() ? "a registered carrosserie" : "known bijzonderheden")
            + " a wheelchair-accessible vehicle (" + WHEELCHAIR + ", MZ-3b) cannot be ruled out", f);
      }
      return v;
    }

    /** The classes of the zone's colour and the local car rule (MZ-4 to MZ-8), for a vehicle no exemption covers. */
    private Verdict byClass(LegalKind kind, boolean light, VehicleFacts f) {
      boolean localCarRule = kind == LegalKind.PASSENGER_CAR && dieselCarFirstAdmissionFrom != null;
      Optional<Integer> known = f.effectiveEuroClass();
      if (known.isEmpty()) {
        // Amsterdam's rule is by class; its date (the class 4 of 2006) decides only where RDW gives no class.
        if (localCarRule) {
          return f.firstAdmission().isBefore(dieselCarFirstAdmissionFrom)
              ? notAllowed("MZ-8", "no emission class registered or derivable, and first admitted before "
                  + dieselCarFirstAdmissionFrom, f)
              : verdict(Verdict.Outcome.ALLOWED, "MZ-8", "no emission class registered or derivable, first admitted"
                  + " from " + dieselCarFirstAdmissionFrom, f);
        }
        return unknown("MZ-U", "emission class not registered and not derivable for this mass group", f);
      }
      int min = light ? minDieselLightClass : minDieselHeavyClass;
      String rule = localCarRule ? "MZ-8" : light ? lightRule() : "MZ-7";
      int euro = known.get();
      return euro >= min ? verdict(Verdict.Outcome.ALLOWED, rule, "diesel emission class " + euro + " >= " + min, f)
          : notAllowed(rule, "diesel emission class " + euro + " below " + min, f);
    }

    private Verdict moped(VehicleFacts f) {
      if (mopedFirstAdmissionFrom == null) {
        return verdict(Verdict.Outcome.OUT_OF_SCOPE, "MZ-9", "no moped rule in this zone", f);
      }
      if (f.isZeroEmission()) {
        return verdict(Verdict.Outcome.OUT_OF_SCOPE, "MZ-9", "electric moped", f);
      }
      if (!hasCombustionFuel(f)) {
        return unknown("MZ-U", "fuel not registered, so an electric moped cannot be ruled out", f);
      }
      if (!f.firstAdmission().isBefore(mopedFirstAdmissionFrom)) {
        return verdict(Verdict.Outcome.ALLOWED, "MZ-9", "moped first admitted from " + mopedFirstAdmissionFrom, f);
      }
      return mopedFourStrokeExemptFrom != null && !f.firstAdmission().isBefore(mopedFourStrokeExemptFrom)
          ? unknown("MZ-U", "four-stroke mopeds first admitted from " + mopedFourStrokeExemptFrom
              + " are exempt, and the register does not record the stroke", f)
          : notAllowed("MZ-9", "moped with a combustion engine first admitted before " + mopedFirstAdmissionFrom, f);
    }
  }

  /**
   * Closed area (geslotenverklaring, sign C1/C6): no motor vehicle may enter except the listed categories
   * and holders of an exemption; the enforcement windows of the zone give the venstertijden.
   */
  record ClosedArea(Set<VehicleCategory> allowedCategories, Exempt exempt) implements Regime {
    public ClosedArea {
      allowedCategories = Set.copyOf(allowedCategories);
      exempt = exempt == null ? Exempt.NONE : exempt;
    }

    public ClosedArea(Set<VehicleCategory> allowedCategories) {
      this(allowedCategories, Exempt.NONE);
    }

    @Override
    public Verdict decide(VehicleFacts f, LocalDate day) {
      if (f.category() == VehicleCategory.UNKNOWN) {
        return unknown("CA-U", "no EU vehicle category registered", f);
      }
      Optional<Boolean> allowed = covered(allowedCategories, f);
      if (allowed.isEmpty()) {
        return unknown("CA-U", LegalKind.problem(f) + ", and the closed area allows one of van and truck", f);
      }
      return allowed.get()
          ? verdict(Verdict.Outcome.ALLOWED, "CA-1", f.category() + " allowed in closed area", f)
          : notAllowed("CA-1", "closed area", f);
    }
  }

  /**
   * Whether a list of category names covers the vehicle; empty when that depends on whether a goods vehicle
   * of open kind is a van or a truck.
   */
  private static Optional<Boolean> covered(Set<VehicleCategory> names, VehicleFacts f) {
    Set<Boolean> answers = f.possibleCategories().stream()
        .map(c -> names.stream().anyMatch(n -> n.covers(c, f.euCategory()))).collect(Collectors.toSet());
    return answers.size() == 1 ? Optional.of(answers.iterator().next()) : Optional.empty();
  }

  /** How the law names a wheelchair-accessible vehicle in RDW's register (RVV 1990 art 86c). */
  String WHEELCHAIR = "carrosserie " + VehicleFacts.WHEELCHAIR_ACCESSIBLE + " or bijzonderheidscode "
      + String.join(", ", VehicleFacts.WHEELCHAIR_PARTICULARS.stream().sorted().toList());

  /** A fuel row that is known and burns something: only then is a vehicle surely not zero emission. */
  private static boolean hasCombustionFuel(VehicleFacts f) {
    return f.fuels().stream().anyMatch(x -> x != Fuel.UNKNOWN && !x.zeroEmission());
  }

  private static boolean isClassic(VehicleFacts f, LocalDate day, int years) {
    return !f.firstAdmission().plusYears(years).isAfter(day);
  }

  private static Verdict verdict(Verdict.Outcome outcome, String rule, String reason, VehicleFacts f) {
    return Verdict.of(outcome, rule, reason + "; " + facts(f));
  }

  private static Verdict notAllowed(String rule, String reason, VehicleFacts f) {
    return verdict(Verdict.Outcome.NOT_ALLOWED, rule, reason, f);
  }

  /** Missing, contradictory or underivable facts: never fined, counted by the control room. */
  private static Verdict unknown(String rule, String reason, VehicleFacts f) {
    return verdict(Verdict.Outcome.UNKNOWN, rule, reason, f);
  }

  private static String codes(Optional<Set<String>> codes) {
    return codes.map(c -> c.isEmpty() ? "none" : String.join("+", new TreeSet<>(c))).orElse("not known");
  }

  /** The facts a verdict used, as the officer reads them next to the rule. */
  static String facts(VehicleFacts f) {
    Set<Fuel> fuels = f.fuels().isEmpty() ? EnumSet.noneOf(Fuel.class) : EnumSet.copyOf(f.fuels());
    String approval = f.emissionApproval().map(a -> ", type approval " + a).orElse("");
    boolean byApproval = f.emissionApproval().flatMap(EmissionClasses::fromApproval)
        .filter(EmissionClasses.Range::exact).isPresent();
    String cls = f.emissionClass().map(c -> c + " (registered)").orElseGet(() -> f.effectiveEuroClass()
        .map(c -> c + (byApproval ? " (from the type approval " + f.emissionApproval().orElseThrow() + ")"
            : " (derived from first admission, massa rijklaar " + f.massInRunningOrderKg() + " kg" + approval + ")"))
        .orElse("none" + approval));
    return "facts: " + (f.euCategory().isEmpty() ? "no category" : f.euCategory()) + " "
        + LegalKind.of(f).term() + ", inrichting " + (f.bodyType().isBlank() ? "none" : f.bodyType())
        + ", carrosserie " + codes(Optional.of(f.bodyworkCodes())) + " (specific " + codes(f.bodyworkNumbers())
        + "), bijzonderheden " + codes(f.particularCodes())
        + ", max mass " + (f.maxMassKg() > 0 ? f.maxMassKg() + " kg" : "none")
        + ", fuel " + (fuels.isEmpty() ? "none" : fuels) + ", emission class " + cls
        + ", first admission " + f.firstAdmission();
  }
}
