package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The access rule of a zone, evaluated for one vehicle on one (local) day. Every regime carries the
 * vehicles it lets in regardless ({@link Exempt}); a vehicle is never refused on a guessed emission class.
 */
public sealed interface Regime
    permits Regime.ZeroEmission, Regime.Milieuzone, Regime.ClosedArea {

  /** The rule itself, before legal exemptions. */
  Verdict decide(VehicleFacts facts, LocalDate day);

  /** Vehicles exempt by law or by the municipality's decision (e.g. emergency services). */
  Exempt exempt();

  default Verdict evaluate(VehicleFacts facts, LocalDate day) {
    Verdict v = decide(facts, day);
    return v.isViolation() && exempt().covers(facts)
        ? Verdict.of(Verdict.Outcome.EXEMPT, "LX-1", "legally exempt " + facts.category() + " / " + facts.bodyType())
        : v;
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
      return categories.contains(f.category()) || bodyTypes.contains(f.bodyType().trim().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Zero-emission zone for goods vehicles (RVV 1990 art 86c-86e, Staatsblad 2023-241). Dates of the
   * national transition rules are configuration because some are disputed (row ZE-5 in the rules data).
   *
   * @param newRegistrationCutoff non-ZE vans and trucks first admitted on or after this day are refused (ZE-2)
   * @param vanEuro5LastDay last day a Euro 5 van may enter (ZE-4)
   * @param vanEuro6LastDay last day a Euro 6 van may enter (ZE-5, CHECK)
   * @param heavyEuro6LastDay last day an Euro VI tractor (first admitted from 2017) or rigid truck (from 2020)
   *     may enter (ZE-6, ZE-7)
   */
  record ZeroEmission(LocalDate newRegistrationCutoff, LocalDate vanEuro5LastDay, LocalDate vanEuro6LastDay,
                      LocalDate heavyEuro6LastDay, Exempt exempt) implements Regime {
    static final LocalDate TRACTOR_FROM = LocalDate.of(2017, 1, 1);
    static final LocalDate RIGID_FROM = LocalDate.of(2020, 1, 1);

    public ZeroEmission {
      Objects.requireNonNull(newRegistrationCutoff, "new-registration-cutoff");
      Objects.requireNonNull(heavyEuro6LastDay, "heavy-euro6-last-day");
      if (vanEuro6LastDay.isBefore(vanEuro5LastDay)) {
        throw new IllegalArgumentException("van-euro6-last-day " + vanEuro6LastDay + " is before van-euro5-last-day "
            + vanEuro5LastDay);
      }
      exempt = exempt == null ? Exempt.NONE : exempt;
    }

    public ZeroEmission(LocalDate newRegistrationCutoff, LocalDate vanEuro5LastDay, LocalDate vanEuro6LastDay,
                        LocalDate heavyEuro6LastDay) {
      this(newRegistrationCutoff, vanEuro5LastDay, vanEuro6LastDay, heavyEuro6LastDay, Exempt.NONE);
    }

    @Override
    public Verdict decide(VehicleFacts f, LocalDate day) {
      VehicleCategory cat = f.category();
      if (cat != VehicleCategory.VAN && cat != VehicleCategory.TRUCK) {
        return Verdict.of(Verdict.Outcome.OUT_OF_SCOPE, "ZE-0", "ZE-zone applies to vans and trucks only");
      }
      if (f.isZeroEmission()) {
        return Verdict.of(Verdict.Outcome.ALLOWED, "ZE-1", "zero emission (emissieklasse Z)");
      }
      if (!f.firstAdmission().isBefore(newRegistrationCutoff)) {
        return notAllowed("ZE-2", "not zero emission and first admitted on or after " + newRegistrationCutoff);
      }
      Optional<Integer> known = f.effectiveEuroClass();
      if (known.isEmpty()) {
        return unknownClass("ZE");
      }
      int euro = known.get();
      if (cat == VehicleCategory.VAN) {
        if (euro <= 4) {
          return notAllowed("ZE-3", "van with emission class " + euro);
        }
        LocalDate last = euro == 5 ? vanEuro5LastDay : vanEuro6LastDay;
        String rule = euro == 5 ? "ZE-4" : "ZE-5";
        return day.isAfter(last) ? notAllowed(rule, "van euro " + euro + " transition ended " + last)
            : Verdict.allowedUntil(rule, "van euro " + euro + " transition", last);
      }
      boolean tractor = f.bodyType().toLowerCase(Locale.ROOT).contains("opleggertrekker");
      LocalDate from = tractor ? TRACTOR_FROM : RIGID_FROM;
      String rule = tractor ? "ZE-6" : "ZE-7";
      if (euro < 6 || f.firstAdmission().isBefore(from)) {
        return notAllowed("ZE-8", (tractor ? "tractor" : "truck") + " older than Euro VI from " + from);
      }
      return day.isAfter(heavyEuro6LastDay) ? notAllowed("ZE-10", "heavy Euro VI transition ended " + heavyEuro6LastDay)
          : Verdict.allowedUntil(rule, "Euro VI transition", heavyEuro6LastDay);
    }
  }

  /**
   * Milieuzone (RVV 1990 art 86d): diesel cars, vans, trucks and buses by emission class; mopeds with a
   * combustion engine by first admission date (a local rule such as Amsterdam's, MZ-9).
   *
   * @param minDieselLightClass minimum class for diesel cars and vans (3 yellow, 4 green, 5 blue)
   * @param minDieselHeavyClass minimum class for diesel trucks and buses
   * @param mopedFirstAdmissionFrom mopeds first admitted before this day are refused; null: mopeds out of scope
   * @param classicAgeYears diesel vehicles at least this old are exempt (MZ-2)
   */
  record Milieuzone(int minDieselLightClass, int minDieselHeavyClass, LocalDate mopedFirstAdmissionFrom,
                    int classicAgeYears, Exempt exempt) implements Regime {

    public Milieuzone {
      if (minDieselLightClass < 0 || minDieselLightClass > 6 || minDieselHeavyClass < 0 || minDieselHeavyClass > 6) {
        throw new IllegalArgumentException("minimum emission classes must be 0..6, got " + minDieselLightClass
            + " and " + minDieselHeavyClass);
      }
      if (classicAgeYears < 1) {
        throw new IllegalArgumentException("classic-age-years must be at least 1, got " + classicAgeYears);
      }
      exempt = exempt == null ? Exempt.NONE : exempt;
    }

    public Milieuzone(int minDieselLightClass, int minDieselHeavyClass, LocalDate mopedFirstAdmissionFrom,
                      int classicAgeYears) {
      this(minDieselLightClass, minDieselHeavyClass, mopedFirstAdmissionFrom, classicAgeYears, Exempt.NONE);
    }

    @Override
    public Verdict decide(VehicleFacts f, LocalDate day) {
      VehicleCategory cat = f.category();
      if (cat == VehicleCategory.MOPED) {
        if (mopedFirstAdmissionFrom == null || f.isZeroEmission()) {
          return Verdict.of(Verdict.Outcome.OUT_OF_SCOPE, "MZ-9", "no rule for this moped");
        }
        return f.firstAdmission().isBefore(mopedFirstAdmissionFrom)
            ? notAllowed("MZ-9", "moped first admitted before " + mopedFirstAdmissionFrom)
            : Verdict.of(Verdict.Outcome.ALLOWED, "MZ-9", "moped first admitted from " + mopedFirstAdmissionFrom);
      }
      boolean light = cat == VehicleCategory.PASSENGER_CAR || cat == VehicleCategory.VAN;
      boolean heavy = cat == VehicleCategory.TRUCK || cat == VehicleCategory.BUS;
      if (!(light || heavy) || !f.usesDiesel()) {
        return Verdict.of(Verdict.Outcome.OUT_OF_SCOPE, "MZ-1", "milieuzone applies to diesel cars, vans, trucks and buses");
      }
      if (!f.firstAdmission().plusYears(classicAgeYears).isAfter(day)) {
        return Verdict.of(Verdict.Outcome.EXEMPT, "MZ-2", "first admitted " + classicAgeYears + " years or longer ago");
      }
      Optional<Integer> known = f.effectiveEuroClass();
      if (known.isEmpty()) {
        return unknownClass("MZ");
      }
      int min = light ? minDieselLightClass : minDieselHeavyClass;
      String rule = light ? "MZ-5" : "MZ-7";
      int euro = known.get();
      return euro >= min ? Verdict.of(Verdict.Outcome.ALLOWED, rule, "diesel emission class " + euro + " >= " + min)
          : notAllowed(rule, "diesel emission class " + euro + " below " + min);
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
      return allowedCategories.contains(f.category())
          ? Verdict.of(Verdict.Outcome.ALLOWED, "CA-1", f.category() + " allowed in closed area")
          : notAllowed("CA-1", "closed area");
    }
  }

  private static Verdict notAllowed(String rule, String reason) {
    return Verdict.of(Verdict.Outcome.NOT_ALLOWED, rule, reason);
  }

  /** Neither registered nor derivable (e.g. heavier than RDW's published table): never fined on a guess. */
  private static Verdict unknownClass(String prefix) {
    return Verdict.of(Verdict.Outcome.UNKNOWN, prefix + "-U", "emission class unknown and not derivable");
  }
}
