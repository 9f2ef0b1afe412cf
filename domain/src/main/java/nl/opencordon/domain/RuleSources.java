package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Map;

/**
 * Where each rule of a verdict comes from: the text of the law, or the agreement, that an officer can look
 * up (the rows of testdata/rules/ze_milieuzone_rules.csv). Verdicts carry the rule id; this gives its source.
 */
public final class RuleSources {
  private RuleSources() {}

  /** The day these rules were last checked against their sources; named in the start-up warnings. */
  public static final LocalDate LAST_CHECKED = LocalDate.of(2026, 11, 30);

  private static final String STB_2023_241 = "Stb. 2023, 241 (https://zoek.officielebekendmakingen.nl/stb-2023-241.html)";

  private static final Map<String, String> SOURCES = Map.ofEntries(
      Map.entry("ZE-0", "RVV 1990 art 86c-86e: the ZE-zone covers bedrijfsauto's and vrachtauto's only"),
      Map.entry("ZE-1", "RVV 1990 art 86c: emissieloos voertuig = emissieklasse Z"),
      Map.entry("ZE-2", "National agreement on ZE-zones: not emission-free and first admitted from 2025-01-01 (evofenedex toegangseisen)"),
      Map.entry("ZE-3", "RVV 1990 art 86e lid 1; bedrijfsauto's of emission class 4 or lower have no transition"),
      Map.entry("ZE-4", "RVV 1990 art 86e lid 3, " + STB_2023_241),
      Map.entry("ZE-5", "RVV 1990 art 86e lid 4, " + STB_2023_241 + "; extension to 2028-12-31 announced"),
      Map.entry("ZE-6", "RVV 1990 art 86e lid 5 onder b, " + STB_2023_241),
      Map.entry("ZE-7", "RVV 1990 art 86e lid 5 onder c, " + STB_2023_241),
      Map.entry("ZE-7b", "National exemption agreed by the municipalities for Euro VI bakwagens first admitted 2017-2019, until 2028-01-01 (tln.nl)"),
      Map.entry("ZE-8", "RVV 1990 art 86e lid 1; a vrachtauto outside the transitions of lid 5 has no access"),
      Map.entry("ZE-10", "National agreement on ZE-zones: no transitions from 2030-01-01"),
      Map.entry("ZE-11", "RVV 1990 art 86e lid 5 onder a with art 86d lid 5 onder b-d, " + STB_2023_241
          + "; voor rolstoelen toegankelijk voertuig: RVV 1990 art 86c (code SH in the kentekenregister, the bodywork "
          + "code 'wheelchair accessible vehicle' of Regulation (EU) 2018/858 Annex I part C)"),
      Map.entry("ZE-12", "National vrijstelling for special trucks younger than 13 years, by carrosserie code 15, 16, 19, "
          + "23, 26, 27, 31, SB or SF, given by the plate without application (opwegnaarzes.nl 'Vrijstellingen en "
          + "ontheffingen'; BOVAG, quoting the Ministry of IenW)"),
      Map.entry("ZE-U", "No verdict without complete registered facts (RVV 1990 art 86c-86e need category, mass, fuel, class, and the carrosserie for the exemption of art 86e lid 5 onder a)"),
      Map.entry("MZ-1", "RVV 1990 art 86d lid 1: personen- en bedrijfsauto's, vrachtauto's of bussen met een dieselmotor"),
      Map.entry("MZ-2", "RVV 1990 art 86d lid 5 onder b: datum eerste toelating 40 jaar of langer geleden"),
      Map.entry("MZ-3b", "RVV 1990 art 86d lid 5 with the definition of art 86c: voor rolstoelen toegankelijk voertuig "
          + "(code SH in the kentekenregister)"),
      Map.entry("MZ-4", "RVV 1990 art 86d lid 4, bijlage 1 bord C22a (gele milieuzone: emissieklasse 3 en hoger)"),
      Map.entry("MZ-5", "RVV 1990 art 86d lid 4, bijlage 1 bord C22a (groene milieuzone: emissieklasse 4 en hoger)"),
      Map.entry("MZ-6", "RVV 1990 art 86d lid 4, bijlage 1 bord C22a (blauwe milieuzone: emissieklasse 5 en hoger)"),
      Map.entry("MZ-7", "RVV 1990 art 86d lid 1, bijlage 1 bord C22a: vrachtauto's and buses, emission class 6 since 2022-01-01"),
      Map.entry("MZ-8", "Local traffic decision (Amsterdam within the A10, a national green zone from 2020-11-01: diesel "
          + "personenauto's of emission class 4 and up; the first admission before 2006 decides only without a class; "
          + "Stcrt. 2020, 1173)"),
      Map.entry("MZ-9", "Local traffic decision (Amsterdam, Milieuzone brom- en snorfietsen, 9 June 2017; ECLI:NL:RVS:2019:3865)"),
      Map.entry("MZ-U", "No verdict without complete registered facts (RVV 1990 art 86d needs category, fuel, class)"),
      Map.entry("CA-1", "Local traffic decision (geslotenverklaring, RVV 1990 bord C1/C6)"),
      Map.entry("LX-1", "The zone's exempt vehicle kinds (configuration: exempt categories and body types)"),
      Map.entry("CA-U", "No verdict without a registered category, nor where the mass leaves bedrijfsauto or vrachtauto "
          + "open (RVV 1990 art 86c) and the closed area allows one of them"),
      Map.entry("LX-U", "The zone's exempt body types cannot be checked without a registered inrichting, nor exempt "
          + "categories where the mass leaves bedrijfsauto or vrachtauto open (RVV 1990 art 86c)"),
      Map.entry("TW-1", "The zone's enforcement times (5 minute grace)"),
      Map.entry("VF-0", "No vehicle facts from the register"),
      Map.entry("VF-1", "The vehicle register did not answer in time"));

  /** Every rule id with a source. */
  static java.util.Set<String> ruleIds() {
    return SOURCES.keySet();
  }

  /** The source of a rule, or a plain "no source recorded" for an id this table does not know. */
  public static String of(String ruleId) {
    return SOURCES.getOrDefault(ruleId, "no source recorded for rule " + ruleId);
  }
}
