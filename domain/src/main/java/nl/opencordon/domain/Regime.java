package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Set;

/** The access rule of a zone, evaluated for one vehicle on one (local) day. */
public sealed interface Regime
    permits Regime.ZeroEmission, Regime.Milieuzone, Regime.ClosedArea {

  Verdict evaluate(VehicleFacts facts, LocalDate day);

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
                      LocalDate heavyEuro6LastDay) implements Regime {
    static final LocalDate TRACTOR_FROM = LocalDate.of(2017, 1, 1);
    static final LocalDate RIGID_FROM = LocalDate.of(2020, 1, 1);

    @Override
    public Verdict evaluate(VehicleFacts f, LocalDate day) {
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
      int euro = f.effectiveEuroClass().orElse(0);
      if (cat == VehicleCategory.VAN) {
        if (euro <= 4) {
          return notAllowed("ZE-3", "van with emission class " + euro);
        }
        LocalDate last = euro == 5 ? vanEuro5LastDay : vanEuro6LastDay;
        String rule = euro == 5 ? "ZE-4" : "ZE-5";
        return day.isAfter(last) ? notAllowed(rule, "van euro " + euro + " transition ended " + last)
            : Verdict.allowedUntil(rule, "van euro " + euro + " transition", last);
      }
      boolean tractor = f.bodyType().toLowerCase().contains("opleggertrekker");
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
   * Milieuzone (RVV 1990 art 86d): diesel cars, vans, trucks and buses by emission class; mopeds by first
   * admission date.
   *
   * @param minDieselLightClass minimum class for diesel cars and vans (3 yellow, 4 green, 5 blue)
   * @param minDieselHeavyClass minimum class for diesel trucks and buses
   * @param mopedFirstAdmissionFrom mopeds first admitted before this day are refused; null: mopeds allowed
   * @param classicAgeYears diesel vehicles at least this old are exempt (MZ-2)
   */
  record Milieuzone(int minDieselLightClass, int minDieselHeavyClass, LocalDate mopedFirstAdmissionFrom,
                    int classicAgeYears) implements Regime {
    @Override
    public Verdict evaluate(VehicleFacts f, LocalDate day) {
      VehicleCategory cat = f.category();
      if (cat == VehicleCategory.MOPED) {
        if (mopedFirstAdmissionFrom != null && f.firstAdmission().isBefore(mopedFirstAdmissionFrom)) {
          return notAllowed("MZ-9", "moped first admitted before " + mopedFirstAdmissionFrom);
        }
        return Verdict.of(Verdict.Outcome.ALLOWED, "MZ-9", "moped admitted recently enough");
      }
      boolean light = cat == VehicleCategory.PASSENGER_CAR || cat == VehicleCategory.VAN;
      boolean heavy = cat == VehicleCategory.TRUCK || cat == VehicleCategory.BUS;
      if (!(light || heavy) || !f.usesDiesel()) {
        return Verdict.of(Verdict.Outcome.OUT_OF_SCOPE, "MZ-1", "milieuzone applies to diesel cars, vans, trucks and buses");
      }
      if (!f.firstAdmission().plusYears(classicAgeYears).isAfter(day)) {
        return Verdict.of(Verdict.Outcome.EXEMPT, "MZ-2", "first admitted " + classicAgeYears + " years or longer ago");
      }
      int min = light ? minDieselLightClass : minDieselHeavyClass;
      String rule = light ? "MZ-5" : "MZ-7";
      int euro = f.effectiveEuroClass().orElse(0);
      return euro >= min ? Verdict.of(Verdict.Outcome.ALLOWED, rule, "diesel emission class " + euro + " >= " + min)
          : notAllowed(rule, "diesel emission class " + euro + " below " + min);
    }
  }

  /**
   * Closed area (geslotenverklaring, sign C1/C6): no motor vehicle may enter except the listed categories
   * and holders of an exemption; the enforcement windows of the zone give the venstertijden.
   */
  record ClosedArea(Set<VehicleCategory> allowedCategories) implements Regime {
    public ClosedArea {
      allowedCategories = Set.copyOf(allowedCategories);
    }

    @Override
    public Verdict evaluate(VehicleFacts f, LocalDate day) {
      return allowedCategories.contains(f.category())
          ? Verdict.of(Verdict.Outcome.ALLOWED, "CA-1", f.category() + " allowed in closed area")
          : notAllowed("CA-1", "closed area");
    }
  }

  private static Verdict notAllowed(String rule, String reason) {
    return Verdict.of(Verdict.Outcome.NOT_ALLOWED, rule, reason);
  }
}
