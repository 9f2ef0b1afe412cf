package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.ErasureRequestRepository;
import nl.opencordon.enforcement.store.ErasureRequestRepository.ErasureRequest;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.enforcement.store.SignRepository.Correction;
import nl.opencordon.enforcement.store.SignRepository.Inspection;
import nl.opencordon.enforcement.store.SignRepository.SignProblem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign problems at gates and the schouw log. Reporting a problem at a gate suspends enforcement in its whole
 * zone from the reported moment (Leidraad 4.2.2: every gate of the zone stops handing violations to the zone;
 * their displays still show verdicts) and withdraws every case of the zone's cameras since the doubt period
 * began: since the zone's last schouw that found the signs in order (at any of its gates, Leidraad 4.2.8), or the
 * configured doubt period before the problem when there was none. Whether a case stands is {@link CasePolicy}'s
 * to say, as for a new case. Open cases go at once; decided ones (approved, exported) wait for a second person
 * ({@link ErasureRequests}). Fines already with CJIB go on a correction request.
 */
public final class SignProblems {
  private static final Logger log = LoggerFactory.getLogger(SignProblems.class);
  /** Resolved problems stay on the gate this long, for sightings that arrive late. */
  private static final Duration KEEP_RESOLVED = Duration.ofDays(7);

  /**
   * What a report did.
   *
   * @param awaitingSecondPerson the decided cases of the doubt period, withdrawn only when another person confirms
   */
  public record Report(SignProblem problem, int withdrawn, Optional<Batch> correction,
                       Optional<ErasureRequest> awaitingSecondPerson) {}

  /** What withdrawing cases did: how many, and the correction request for those already with CJIB. */
  record Withdrawal(int withdrawn, Optional<Batch> correction) {}

  private final SignRepository signs;
  private final EnforcementRepository cases;
  private final Erasure erasure;
  private final ErasureRequestRepository requests;
  private final CjibExport cjib;
  private final CasePolicy policy;
  private final CityLayout layout;
  private final EnforcementSettings settings;
  private final Clock clock;
  private volatile ActorSystem<?> system;
  private volatile Map<String, ActorRef<Gate.Command>> gates = Map.of();

  SignProblems(SignRepository signs, EnforcementRepository cases, Erasure erasure, ErasureRequestRepository requests,
               CjibExport cjib, CasePolicy policy, CityLayout layout, EnforcementSettings settings, Clock clock) {
    this.signs = signs;
    this.cases = cases;
    this.erasure = erasure;
    this.requests = requests;
    this.cjib = cjib;
    this.policy = policy;
    this.layout = layout;
    this.settings = settings;
    this.clock = clock;
  }

  /** Connects to the running gates and gives each its suspensions from the database. */
  void attach(ActorSystem<?> actorSystem, Map<String, ActorRef<Gate.Command>> gateRefs) throws SQLException {
    this.system = actorSystem;
    this.gates = gateRefs; // the live view of this node's gates: they move between nodes
    for (String gateId : gateRefs.keySet()) {
      pushSuspensions(gateId);
    }
  }

  public Report report(String gateId, Instant problemFrom, String description, String reportedBy)
      throws SQLException, IOException {
    return report(gateId, problemFrom, description, reportedBy, true);
  }

  /**
   * @param withdrawCases false for a reporter who may not erase cases (the control room): the gate is suspended
   *                      and later sightings make no case, but cases already made stay for operations to decide
   * @throws IllegalArgumentException for an unknown gate, or a problem further back than the reach-back limit
   */
  public Report report(String gateId, Instant problemFrom, String description, String reportedBy,
                       boolean withdrawCases) throws SQLException, IOException {
    layout.gate(gateId);
    Instant now = clock.instant();
    settings.checkReachBack(problemFrom, now);
    Instant earliest = now.minus(settings.erasureReachBack());
    Instant doubtFrom = signs.lastOk(zoneGates(gateId), problemFrom).map(Inspection::inspectedAt)
        .orElse(problemFrom.minus(settings.doubtPeriod()));
    doubtFrom = doubtFrom.isBefore(earliest) ? earliest : doubtFrom;
    SignProblem problem = signs.report(gateId, problemFrom, doubtFrom, description, reportedBy, clock.instant());
    // Gate first, so no new case starts while the existing ones are withdrawn; the intake catches stragglers.
    pushZoneSuspensions(gateId);
    List<CaseFile> inDoubt = new ArrayList<>();
    for (CaseFile c : withdrawCases
        ? cases.atCameras(camerasOf(zoneGates(gateId)), doubtFrom, Erasure.ANY_STATUS) : List.<CaseFile>of()) {
      if (withdrawnAs(c).isPresent()) {
        inDoubt.add(c);
      }
    }
    Withdrawal open = withdraw(problem, inDoubt.stream().filter(ErasureRequests::undecided).toList(), reportedBy);
    List<String> decided = inDoubt.stream().filter(c -> !ErasureRequests.undecided(c)).map(CaseFile::caseId).toList();
    Optional<ErasureRequest> pending = decided.isEmpty() ? Optional.empty() : Optional.of(requests.request(
        ErasureRequests.SIGN_PROBLEM, problem.id(), description, decided, reportedBy, clock.instant()));
    log.warn("Sign problem [{}] at gate [{}] from {}: enforcement in its zone suspended, {} open cases since {} withdrawn, "
        + "{} decided ones await a second person", problem.id(), gateId, problemFrom, open.withdrawn(), doubtFrom,
        decided.size());
    return new Report(problem, open.withdrawn(), open.correction(), pending);
  }

  /**
   * Withdraws cases of a problem's doubt period that are still there; those already with CJIB go on the
   * problem's correction request.
   */
  private Withdrawal withdraw(SignProblem problem, List<CaseFile> files, String by) throws SQLException, IOException {
    int withdrawn = 0;
    for (CaseFile c : files) {
      Optional<String> outcome = withdrawnAs(c);
      if (outcome.isEmpty()) {
        continue;
      }
      boolean sentToCjib = ErasureRequests.sentToCjib(c);
      Optional<EnforcementRepository.ErasedCase> erased = erasure.erase(c.caseId(), Erasure.ANY_STATUS,
          outcome.get(), (tx, e) -> {
            if (sentToCjib) {
              SignRepository.addCorrection(tx, new Correction(problem.id(), e.caseId(), e.exportBatchId(),
                  e.observedAt(), e.locationCode()));
            }
          });
      withdrawn += erased.isPresent() ? 1 : 0;
    }
    List<Correction> corrections = signs.corrections(problem.id());
    Optional<Batch> correction = Optional.empty();
    if (!corrections.isEmpty() && problem.correctionBatchId() == null) {
      correction = Optional.of(cjib.writeCorrection(problem, corrections, by));
      signs.setCorrectionBatch(problem.id(), correction.get().batchId());
    }
    return new Withdrawal(withdrawn, correction);
  }

  /** The outcome a case is withdrawn under where the policy now says it makes no case (the zone is in doubt). */
  private Optional<String> withdrawnAs(CaseFile c) throws SQLException {
    CasePolicy.Decision decision = policy.decide(CasePolicy.Violation.of(c.record()));
    return decision.outcome() == CasePolicy.Outcome.NONE ? decision.withdrawnAs() : Optional.empty();
  }

  /** Withdraws the cases of a confirmed erasure request of a problem. */
  Withdrawal withdrawConfirmed(long problemId, List<String> caseIds, String confirmedBy)
      throws SQLException, IOException {
    SignProblem problem = signs.problem(problemId).orElseThrow();
    List<CaseFile> files = new ArrayList<>();
    for (String caseId : caseIds) {
      cases.find(caseId).ifPresent(files::add);
    }
    Withdrawal done = withdraw(problem, files, confirmedBy);
    log.warn("Sign problem [{}]: {} decided cases withdrawn, confirmed by a second person", problemId, done.withdrawn());
    return done;
  }

  /** Ends a problem: enforcement in the zone resumes for sightings from now on. False when not open. */
  public boolean resolve(long problemId) throws SQLException {
    Optional<SignProblem> problem = signs.problem(problemId);
    if (problem.isEmpty() || !signs.resolve(problemId, clock.instant())) {
      return false;
    }
    pushZoneSuspensions(problem.get().gateId());
    log.info("Sign problem [{}] at gate [{}] resolved: enforcement resumes", problemId, problem.get().gateId());
    return true;
  }

  /** Ends every open problem of a gate, as when the control room resolves its sign-problem incident. */
  public void resolveAll(String gateId) throws SQLException {
    for (SignProblem p : signs.problems(gateId)) {
      if (p.resolvedAt() == null) {
        resolve(p.id());
      }
    }
  }

  public List<SignProblem> problems(String gateId) throws SQLException {
    return signs.problems(gateId);
  }

  /**
   * Logs a schouw. One that finds the signs not in order is a sign problem from that moment (Leidraad 4.2.7),
   * reported by the inspector: the zone is suspended and the doubt period's cases withdrawn. One further back
   * than the reach-back only goes into the log, as a report that far back is refused.
   */
  public Inspection inspect(String gateId, Instant at, String inspector, boolean signsOk, String notes)
      throws SQLException, IOException {
    layout.gate(gateId);
    Inspection inspection = signs.inspect(gateId, at, inspector, signsOk, notes);
    if (!signsOk && !at.isBefore(clock.instant().minus(settings.erasureReachBack()))) {
      report(gateId, at, "schouw: borden niet in orde" + (notes.isBlank() ? "" : ": " + notes), inspector);
    }
    return inspection;
  }

  public List<Inspection> inspections(String gateId) throws SQLException {
    return signs.inspections(gateId);
  }

  private Set<String> camerasOf(Set<String> gateIds) {
    return layout.cameras().stream().filter(c -> gateIds.contains(c.gateId())).map(CityLayout.Camera::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The gates of a gate's zone: a sign problem at one suspends them all. */
  private Set<String> zoneGates(String gateId) {
    return policy.gatesOf(layout.gate(gateId).zoneId());
  }

  /**
   * A gate's enforcement suspensions: the open sign problems of its zone and those resolved lately, and where the
   * schouw is required and the zone's is overdue, one from when it fell due ({@link CasePolicy}: no case then), so
   * that the gate keeps such violations from the journal too.
   */
  public List<Gate.Suspension> suspensions(String gateId) throws SQLException {
    Instant now = clock.instant();
    Instant horizon = now.minus(KEEP_RESOLVED);
    Set<String> zone = zoneGates(gateId);
    List<Gate.Suspension> out = new ArrayList<>(signs.problems(null).stream().filter(p -> zone.contains(p.gateId()))
        .filter(p -> p.resolvedAt() == null || p.resolvedAt().isAfter(horizon))
        .map(p -> new Gate.Suspension(p.problemFrom(), Optional.ofNullable(p.resolvedAt()))).toList());
    schouwDue(zone, now).ifPresent(due -> out.add(new Gate.Suspension(due, Optional.empty())));
    return List.copyOf(out);
  }

  /** When the schouw of a zone (its gates) fell due, where it is required and overdue now. */
  private Optional<Instant> schouwDue(Set<String> zoneGates, Instant now) throws SQLException {
    Optional<Instant> last = signs.lastOk(zoneGates, now).map(Inspection::inspectedAt);
    return policy.schouwOverdue(now, last)
        ? Optional.of(last.map(l -> l.plus(policy.settings().schouwInterval())).orElse(Instant.EPOCH))
        : Optional.empty();
  }

  /** The zones whose schouw is required and overdue now, with when it fell due: an incident in the control room. */
  public Map<String, Instant> overdueSchouws() throws SQLException {
    Map<String, Instant> out = new java.util.TreeMap<>();
    for (String zoneId : layout.gates().stream().map(CityLayout.Gate::zoneId).distinct().toList()) {
      schouwDue(policy.gatesOf(zoneId), clock.instant()).ifPresent(due -> out.put(zoneId, due));
    }
    return out;
  }

  private void pushZoneSuspensions(String gateId) throws SQLException {
    for (String gate : zoneGates(gateId)) {
      pushSuspensions(gate);
    }
  }

  /** Tells a gate of this node all its current suspensions at once (the others load them within seconds). */
  private void pushSuspensions(String gateId) throws SQLException {
    ActorRef<Gate.Command> gate = gates.get(gateId);
    if (gate == null || system == null) {
      return;
    }
    List<Gate.Suspension> windows = suspensions(gateId);
    try {
      AskPattern.<Gate.Command, org.apache.pekko.Done>ask(gate, replyTo -> new Gate.SetSuspensions(windows, replyTo),
          Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().get(6, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while suspending gate " + gateId, e);
    } catch (ExecutionException | TimeoutException e) {
      // The problem is stored: the intake withdraws any case from this zone in the doubt period regardless.
      log.error("Gate [{}] did not confirm its enforcement suspension: {}", gateId, e.toString());
    }
  }
}
