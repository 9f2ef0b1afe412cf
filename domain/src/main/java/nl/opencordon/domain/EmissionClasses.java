package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RDW's table that derives the emission class from the date of first admission when the register has no
 * euro class (rdw.nl "registratie van de emissieklasse van uw voertuig", testdata/rules
 * emissieklasse_from_DET_rdw.csv). Two mass groups (massa rijklaar) are published in a form we could verify:
 * "auto's en bedrijfsauto's" up to 1280 kg, and "bedrijfsauto's en bussen" from 1280 up to 2585 kg. Nothing is
 * derived outside them: not without a mass, not for heavier vehicles, and not for passenger cars over 1280 kg,
 * which the second group does not name (reading them into it would be a guess).
 *
 * <p>Before that table RDW looks at the EU act of the emission type approval ({@link #fromApproval}); only the
 * acts that fix the class, or bound it, are read here.
 */
public final class EmissionClasses {
  private EmissionClasses() {}

  static final int LIGHT_MAX_KG = 1280;
  static final int MEDIUM_MAX_KG = 2585;

  /** First admission dates from which class 1..6 applies, for cars and bedrijfsauto's up to 1280 kg. */
  private static final LocalDate[] LIGHT = {
      LocalDate.of(1992, 7, 1), LocalDate.of(1996, 1, 1), LocalDate.of(2000, 1, 1),
      LocalDate.of(2005, 1, 1), LocalDate.of(2009, 9, 1), LocalDate.of(2014, 9, 1)};

  /** The same for bedrijfsauto's and buses from 1280 up to 2585 kg. */
  private static final LocalDate[] MEDIUM = {
      LocalDate.of(1993, 10, 1), LocalDate.of(1997, 1, 1), LocalDate.of(2000, 1, 1),
      LocalDate.of(2005, 1, 1), LocalDate.of(2010, 9, 1), LocalDate.of(2015, 9, 1)};

  /** Emission classes from {@code min} to {@code max} inclusive. */
  record Range(int min, int max) {
    boolean exact() {
      return min == max;
    }

    boolean contains(int cls) {
      return cls >= min && cls <= max;
    }
  }

  /** The implementing act after the "*": number/year before 2015 ("692/2008"), year/number since ("2017/1151"). */
  private static final Pattern ACT = Pattern.compile("\\*(\\d{1,4})/(\\d{2,4})");

  /**
   * The classes the EU act of the type approval allows, as RDW registers it (milieuklasse_eg_goedkeuring_licht
   * or _zwaar, e.g. "715/2007*692/2008J", "595/2009*2016/1718D"); empty for acts read no further here.
   * <ul>
   *   <li>Regulation (EC) 595/2009 is the Euro VI regulation for heavy-duty engines and vehicles: class 6.
   *   <li>Regulation (EC) 715/2007 (light vehicles, "Euro 5 and Euro 6") sets both Euro 5 (Annex I table 1)
   *       and Euro 6 (table 2): class 5 or 6. Its art 10(4) and 10(5) made national authorities refuse type
   *       approvals below Euro 6 from 1 September 2014 (M, N1 class I) and 1 September 2015 (N1 class II and
   *       III, N2), so an approval under an implementing act adopted from 2016 on (the RDE acts 2016/427 and
   *       2016/646, Regulation (EU) 2017/1151 and its amendments such as 2018/1832) is class 6.
   *   <li>Directive 70/220/EEC (light, Euro 1 to 4) and 88/77/EEC (heavy, Euro I to V and EEV) are not read:
   *       one amending act carries several stages and the class is in the row letter of the approval, which
   *       we do not map.
   * </ul>
   */
  static Optional<Range> fromApproval(String approval) {
    String a = approval.replace(" ", "").toUpperCase(Locale.ROOT);
    if (a.startsWith("595/2009")) {
      return Optional.of(new Range(6, 6));
    }
    if (!a.startsWith("715/2007")) {
      return Optional.empty();
    }
    Matcher act = ACT.matcher(a);
    if (act.find()) {
      String first = act.group(1);
      int year = first.length() == 4 && Integer.parseInt(first) >= 2015 ? Integer.parseInt(first)
          : Integer.parseInt(act.group(2));
      if (year >= 2016) {
        return Optional.of(new Range(6, 6));
      }
    }
    return Optional.of(new Range(5, 6));
  }

  /** The derived class, or empty when the vehicle is in neither published group (or has no mass). */
  static Optional<Integer> derive(int massInRunningOrderKg, LegalKind kind, LocalDate det) {
    LocalDate[] table = table(massInRunningOrderKg, kind);
    if (table == null) {
      return Optional.empty();
    }
    int cls = 0;
    for (LocalDate from : table) {
      if (!det.isBefore(from)) {
        cls++;
      }
    }
    return Optional.of(cls);
  }

  private static LocalDate[] table(int mass, LegalKind kind) {
    if (mass <= 0) {
      return null;
    }
    boolean light = mass <= LIGHT_MAX_KG;
    boolean medium = !light && mass <= MEDIUM_MAX_KG;
    return switch (kind) {
      case PASSENGER_CAR -> light ? LIGHT : null;
      case COMMERCIAL_VEHICLE -> light ? LIGHT : medium ? MEDIUM : null;
      case BUS -> medium ? MEDIUM : null;
      default -> null;
    };
  }
}
