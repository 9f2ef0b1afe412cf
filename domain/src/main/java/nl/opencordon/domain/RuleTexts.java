package nl.opencordon.domain;

import java.util.Map;
import java.util.Optional;

/**
 * What each rule says, in Dutch, for the officer's screen: the verdict's reason in a verdict is English (logs,
 * the case record, tests read it) and names the facts it used; the screen shows this text beside those facts.
 * Worded to hold whichever way the rule went, since a rule id covers both sides of its boundary, and without
 * the dates a zone may configure.
 */
public final class RuleTexts {
  private RuleTexts() {}

  private static final Map<String, String> DUTCH = Map.ofEntries(
      Map.entry("ZE-0", "De zero-emissiezone geldt alleen voor bedrijfsauto's en vrachtauto's."),
      Map.entry("ZE-1", "Emissieloos voertuig (emissieklasse Z of volledig elektrisch): altijd toegestaan."),
      Map.entry("ZE-2", "Niet emissieloos en voor het eerst toegelaten op of na de ingangsdatum voor nieuwe "
          + "voertuigen: geen overgangsregeling."),
      Map.entry("ZE-3", "Bedrijfsauto met emissieklasse 4 of lager: geen overgangsregeling, geen toegang."),
      Map.entry("ZE-4", "Bedrijfsauto met emissieklasse 5: alleen toegang zolang de overgangsregeling loopt."),
      Map.entry("ZE-5", "Bedrijfsauto met emissieklasse 6: alleen toegang zolang de overgangsregeling loopt."),
      Map.entry("ZE-6", "Trekker met emissieklasse VI, voor het eerst toegelaten vanaf 2017: alleen toegang zolang "
          + "de overgangsregeling loopt."),
      Map.entry("ZE-7", "Bakwagen met emissieklasse VI, voor het eerst toegelaten vanaf 2020: alleen toegang "
          + "zolang de overgangsregeling loopt."),
      Map.entry("ZE-7b", "Bakwagen met emissieklasse VI, voor het eerst toegelaten in 2017 tot en met 2019: alleen "
          + "toegang zolang de afgesproken overgangsregeling loopt."),
      Map.entry("ZE-8", "Vrachtauto met emissieklasse V of lager, of VI buiten de overgangsregelingen: geen toegang."),
      Map.entry("ZE-10", "Niet emissieloos en alle overgangsregelingen zijn voorbij: geen toegang."),
      Map.entry("ZE-11", "Vrijgesteld: 40 jaar of langer geleden voor het eerst toegelaten, of "
          + "rolstoeltoegankelijk voertuig."),
      Map.entry("ZE-12", "Vrijgesteld: bijzondere vrachtauto (bijvoorbeeld kraan of hoogwerker) jonger dan 13 jaar."),
      Map.entry("ZE-U", "Geen oordeel: de RDW-gegevens zijn onvolledig of tegenstrijdig."),
      Map.entry("MZ-1", "De milieuzone geldt alleen voor dieselvoertuigen (en bromfietsen waar de zone dat regelt)."),
      Map.entry("MZ-2", "Vrijgesteld: 40 jaar of langer geleden voor het eerst toegelaten."),
      Map.entry("MZ-3b", "Vrijgesteld: rolstoeltoegankelijk voertuig."),
      Map.entry("MZ-4", "Diesel met een lagere emissieklasse dan 3: geen toegang tot deze (gele) milieuzone."),
      Map.entry("MZ-5", "Diesel met een lagere emissieklasse dan 4: geen toegang tot deze (groene) milieuzone."),
      Map.entry("MZ-6", "Diesel met een lagere emissieklasse dan 5: geen toegang tot deze (blauwe) milieuzone."),
      Map.entry("MZ-7", "Diesel vrachtauto of bus onder de emissieklasse die de zone eist (landelijk 6): geen toegang."),
      Map.entry("MZ-8", "Diesel personenauto: emissieklasse 4 of hoger vereist; zonder emissieklasse beslist de "
          + "datum van eerste toelating (lokale regel)."),
      Map.entry("MZ-9", "Bromfiets met verbrandingsmotor, voor het eerst toegelaten voor de datum die de zone noemt: "
          + "geen toegang."),
      Map.entry("MZ-U", "Geen oordeel: de RDW-gegevens zijn onvolledig."),
      Map.entry("CA-1", "Geslotenverklaring: alleen de toegelaten voertuigcategorieën mogen erin."),
      Map.entry("CA-U", "Geen oordeel: categorie of massa laat open of het voertuig erin mag."),
      Map.entry("LX-1", "Vrijgesteld door soort voertuig of inrichting (bijvoorbeeld hulpdiensten)."),
      Map.entry("LX-U", "Geen oordeel: of een vrijstelling geldt, is uit de RDW-gegevens niet op te maken."),
      Map.entry("TW-1", "Buiten de handhavingstijden (5 minuten marge na openen en voor sluiten)."),
      Map.entry("VF-0", "Geen voertuiggegevens van de RDW."),
      Map.entry("VF-1", "De RDW antwoordde niet op tijd."));

  /** The Dutch text of a rule; empty for a rule id this table does not know. */
  public static Optional<String> dutch(String ruleId) {
    return Optional.ofNullable(DUTCH.get(ruleId));
  }
}
