package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import nl.opencordon.actors.gate.VehicleRegister;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.SignRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a violation a zone decided becomes a case, a test case or nothing, and why: the one place that
 * decides it, before anything is written (the intake then writes once, or writes nothing), and again for the
 * cases already written when a sign problem or detour is reported later that covers them. In this order:
 * <ol>
 *   <li>a read below the case threshold is no case ({@code BELOW_CASE_THRESHOLD}; the gate already stops these,
 *       so that their plate is never persisted, this catches what an older version let through);</li>
 *   <li>a sighting in the doubt period of a sign problem anywhere in its zone is no case ({@code WITHDRAWN},
 *       Leidraad 4.2.2);</li>
 *   <li>a sighting when the zone's last good schouw is older than the schouw interval is no case
 *       ({@code SCHOUW_OVERDUE}, Leidraad 4.2.7), where the schouw is required;</li>
 *   <li>a sighting at a gate in a detour window is no case ({@code DETOUR});</li>
 *   <li>a new case whose vehicle the RDW API, asked again now (the mirror may be stale), shows to be no
 *       violation is no case ({@code FACTS_CHANGED});</li>
 *   <li>a sighting by a camera at a site where that camera's approval was not yet recorded is a test case
 *       (Leidraad 4.2.6);</li>
 *   <li>a case or test case waits until its zone's hold period ends, when that is still ahead.</li>
 * </ol>
 * The gate stops sightings in a suspension early too (a sign problem it knows of), so that they never reach the
 * journal; the policy is what holds for every case regardless.
 */
public final class CasePolicy {
  private static final Logger log = LoggerFactory.getLogger(CasePolicy.class);
  public enum Outcome { CASE, TEST_CASE, NONE }

  /** Counter outcomes of the violations that became no case. */
  static final String BELOW_CASE_THRESHOLD = "BELOW_CASE_THRESHOLD";
  static final String SCHOUW_OVERDUE = "SCHOUW_OVERDUE";
  static final String FACTS_CHANGED = "FACTS_CHANGED";

  /**
   * @param withdrawnAs for {@code NONE}, the counter outcome that says why (the anonymous count of withdrawn
   *     cases); empty otherwise
   * @param heldUntil for a case or test case, until when it waits for late exemptions before the officer sees it
   */
  public record Decision(Outcome outcome, Optional<String> withdrawnAs, Optional<Instant> heldUntil, String why) {
    static Decision none(String withdrawnAs, String why) {
      return new Decision(Outcome.NONE, Optional.of(withdrawnAs), Optional.empty(), why);
    }
  }

  /** What the policy looks at of a violation: where, when, how sure the read was, and the plate (to ask RDW again). */
  public record Violation(String zoneId, String cameraId, String locationCode, Instant at,
                          Optional<Double> readConfidence, Plate plate) {
    static Violation of(Zone.CaseOpened e) {
      return new Violation(e.zoneId(), e.sighting().cameraId(), e.sighting().site().locationCode(),
          e.sighting().at(), e.sighting().readConfidence(), e.sighting().plate());
    }

    static Violation of(CaseRecord r) {
      return new Violation(r.zoneId(), r.cameraId(), r.locationCode(), r.observedAt(),
          // as stored, not parsed again: a written case is decided on the records only, the plate is not asked
          Optional.ofNullable(r.readConfidence()), new Plate(r.plate(), r.country() == null ? "" : r.country(), 0));
    }
  }

  /**
   * What the records say about a violation's moment and place.
   *
   * @param signDoubt it lies in the doubt period of a sign problem in its zone
   * @param lastGoodSchouw the zone's last schouw before it that found the signs in order
   * @param detour its gate was in a detour window
   * @param approvedSince since when its camera is approved at its site; empty when it is not
   * @param freshVerdict the verdict on the facts the RDW API gives now; empty when not asked or not answered
   */
  public record Circumstances(boolean signDoubt, Optional<Instant> lastGoodSchouw, boolean detour,
                              Optional<Instant> approvedSince, Optional<Verdict> freshVerdict) {}

  /**
   * @param caseThreshold reads below this confidence make no case (the cameras' {@code confidence-threshold})
   * @param requireSchouw whether a zone is enforced only while its last good schouw is within the interval
   * @param schouwInterval how old the last good schouw may be (monthly, Leidraad 4.2.7)
   * @param freshFactsTimeout how long the RDW API is waited for
   */
  public record Settings(double caseThreshold, boolean requireSiteApproval, boolean requireSchouw,
                         Duration schouwInterval, Duration freshFactsTimeout) {}

  private final Settings settings;
  private final SignRepository signs;
  private final LawfulRepository lawful;
  private final VehicleRegister freshFacts;
  private final CityLayout layout;
  private final Clock clock;

  /** @param freshFacts the RDW API itself (not the mirror), asked again about the vehicle of a new case */
  CasePolicy(Settings settings, SignRepository signs, LawfulRepository lawful, VehicleRegister freshFacts,
             CityLayout layout, Clock clock) {
    this.settings = settings;
    this.signs = signs;
    this.lawful = lawful;
    this.freshFacts = freshFacts;
    this.layout = layout;
    this.clock = clock;
  }

  /**
   * Decides on a case already written, from the records as they are now (a sign problem or detour reported
   * later); reads PostgreSQL.
   */
  public Decision decide(Violation v) throws SQLException {
    return decide(v, circumstances(v, Optional.empty()));
  }

  /**
   * Decides on a new case before it is written: the records, and the vehicle's facts asked again of the RDW API
   * (only where the records leave it a case: the API is not asked in vain).
   */
  public Decision decideNew(Violation v) throws SQLException {
    Circumstances known = circumstances(v, Optional.empty());
    Decision onRecords = decide(v, known);
    if (onRecords.outcome() == Outcome.NONE || !v.plate().isDutchRegistration()) {
      return onRecords;
    }
    Optional<Verdict> fresh = freshVerdict(v);
    return fresh.isEmpty() ? onRecords : decide(v, circumstances(v, fresh));
  }

  /** The verdict on what the RDW API says of the vehicle now, at the moment it was seen; empty without an answer. */
  private Optional<Verdict> freshVerdict(Violation v) {
    try {
      Optional<VehicleFacts> facts = freshFacts.lookup(v.plate()).toCompletableFuture()
          .get(settings.freshFactsTimeout().toMillis(), TimeUnit.MILLISECONDS);
      // only the facts are the question: not the enforcement times (operations may have changed them at runtime,
      // the gate judged by those), nor exemptions (the hold period and the approval ask the exemption record)
      return Optional.of(facts.map(f -> layout.zone(v.zoneId()).regime().evaluate(f,
              v.at().atZone(Passage.LOCAL).toLocalDate()))
          .orElse(Verdict.of(Verdict.Outcome.UNKNOWN, "VF-0", "RDW does not know the plate now")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("Facts of a new case in zone [{}] not checked again at RDW, written on the gate's: {}", v.zoneId(),
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private Circumstances circumstances(Violation v, Optional<Verdict> freshVerdict) throws SQLException {
    Set<String> zoneGates = gatesOf(v.zoneId());
    String gate = layout.cameras().stream().filter(c -> c.id().equals(v.cameraId())).map(CityLayout.Camera::gateId)
        .findFirst().orElse(null);
    Optional<Instant> approved = settings.requireSiteApproval()
        ? lawful.approval(v.cameraId(), v.locationCode()).map(LawfulRepository.SiteApproval::approvedAt)
        : Optional.of(Instant.EPOCH);
    return new Circumstances(signs.inDoubt(zoneGates, v.at()),
        signs.lastOk(zoneGates, v.at()).map(SignRepository.Inspection::inspectedAt),
        gate != null && lawful.detoured(gate, v.at()), approved, freshVerdict);
  }

  /** The decision itself, on what the records said: no database here. */
  Decision decide(Violation v, Circumstances c) {
    if (v.readConfidence().isPresent() && v.readConfidence().get() < settings.caseThreshold()) {
      return Decision.none(BELOW_CASE_THRESHOLD, "read confidence %.2f below the case threshold %.2f"
          .formatted(v.readConfidence().get(), settings.caseThreshold()));
    }
    if (c.signDoubt()) {
      return Decision.none(Erasure.WITHDRAWN, "sign problem in the zone");
    }
    if (schouwOverdue(v.at(), c.lastGoodSchouw())) {
      return Decision.none(SCHOUW_OVERDUE, "the zone's last good schouw is older than " + settings.schouwInterval());
    }
    if (c.detour()) {
      return Decision.none(Detours.DETOUR, "detour at the gate");
    }
    if (c.freshVerdict().isPresent() && !c.freshVerdict().get().isViolation()) {
      return Decision.none(FACTS_CHANGED, "RDW's facts now: " + c.freshVerdict().get().ruleId() + " "
          + c.freshVerdict().get().outcome());
    }
    Instant until = layout.zone(v.zoneId()).holdUntil(v.at());
    Optional<Instant> held = until.isAfter(v.at()) && until.isAfter(clock.instant()) ? Optional.of(until)
        : Optional.empty();
    boolean approved = c.approvedSince().map(since -> !v.at().isBefore(since)).orElse(false);
    return approved ? new Decision(Outcome.CASE, Optional.empty(), held, "in force")
        : new Decision(Outcome.TEST_CASE, Optional.empty(), held, "site not approved for this camera at the sighting");
  }

  /**
   * Whether a zone's schouw was overdue at a moment, where it is required: no good schouw before it, or the last one
   * an interval or more before it.
   */
  boolean schouwOverdue(Instant at, Optional<Instant> lastGoodSchouw) {
    return settings.requireSchouw()
        && lastGoodSchouw.map(last -> !at.isBefore(last.plus(settings.schouwInterval()))).orElse(true);
  }

  /** The gates of a zone: a sign problem or schouw at one counts for the whole zone. */
  Set<String> gatesOf(String zoneId) {
    return layout.gates().stream().filter(g -> g.zoneId().equals(zoneId)).map(CityLayout.Gate::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  Settings settings() {
    return settings;
  }
}
