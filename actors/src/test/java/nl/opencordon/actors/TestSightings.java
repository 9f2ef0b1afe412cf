package nl.opencordon.actors;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Phase;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.Regime;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import nl.opencordon.domain.ZoneDefinition;

/** Builders for zones, vehicles and sightings shared by the actor tests. */
public final class TestSightings {
  private TestSightings() {}

  public static final PlateHasher HASHER = new PlateHasher("test-secret-0123456789abcdef");
  public static final Site ENTRY_SITE = new Site("T-N01", "Weerdsingel", "zuid", new GeoPoint(52.09, 5.12), null);
  public static final Site SCAN_SITE = new Site("T-SCAN", "Oudegracht", "noord", new GeoPoint(52.09, 5.121), null);

  /** A ZE-zone: warning period in 2024, enforcement from 2025, recidive 14 days, warnings every 28 days. */
  public static ZoneDefinition zeZone() {
    return new ZoneDefinition("ze", "ZE-zone", new Regime.ZeroEmission(LocalDate.of(2025, 1, 1),
        LocalDate.of(2026, 12, 31), LocalDate.of(2027, 12, 31), LocalDate.of(2029, 12, 31)),
        Map.of(Phase.ANNOUNCEMENT, LocalDate.of(2024, 7, 1), Phase.WARNING, LocalDate.of(2024, 10, 1),
            Phase.ENFORCEMENT, LocalDate.of(2025, 1, 1)),
        List.of(), Duration.ofDays(14), Duration.ofDays(28), List.of());
  }

  /** A diesel Euro 4 van: not allowed in a ZE-zone (rule ZE-3). */
  public static VehicleFacts euro4Van(Plate plate) {
    return new VehicleFacts(plate, "Bedrijfsauto", "N1", "gesloten opbouw", Set.of(Fuel.DIESEL), Optional.of("4"),
        LocalDate.of(2008, 3, 1), 2800, 1900, Set.of("BB"), Optional.of(Set.of()), Optional.of(Set.of()),
        Optional.empty(), "VOLKSWAGEN", "TRANSPORTER", "WIT");
  }

  public static Instant amsterdam(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(nl.opencordon.domain.Passage.LOCAL).toInstant();
  }

  public static Sighting violation(Plate plate, Sighting.Source source, Instant at) {
    return sighting(plate, source, at, Verdict.of(Verdict.Outcome.NOT_ALLOWED, "ZE-3", "van with emission class 4"));
  }

  public static Sighting sighting(Plate plate, Sighting.Source source, Instant at, Verdict verdict) {
    return new Sighting(UUID.randomUUID().toString(), source, plate, HASHER.hash(plate), at,
        source == Sighting.Source.SCAN ? "scan-1" : "noord-1", source == Sighting.Source.SCAN ? SCAN_SITE : ENTRY_SITE,
        verdict, verdict.isViolation() ? Optional.of(euro4Van(plate)) : Optional.empty(),
        verdict.isViolation() ? List.of("evidence://" + plate.text()) : List.of());
  }
}
