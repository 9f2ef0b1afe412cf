package nl.opencordon.enforcement;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.gate.VehicleRegister;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.enforcement.cases.CaseRepository;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.ErasureRequestRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.LegacyEvidenceFiles;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.OutcomeRepository;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.persistence.SharedTransaction;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcement chain after the zones' decisions: intake of cases with their evidence, officer review,
 * CJIB export, warning letters, sign problems and the schouw log, and retention. Created before the actor
 * system, attached to it while it starts, and started once the devices run; from then on the cases read model
 * follows the zones' journal ({@link CaseProjection}). What it starts runs in the actor system and ends with it.
 */
public final class Enforcement {
  private static final Logger log = LoggerFactory.getLogger(Enforcement.class);

  private final EnforcementSettings settings;
  private final EnforcementRepository repository;
  private final EvidenceStore evidence;
  private final JournalRedactor journal = new JournalRedactor();
  private final CaseIntake intake;
  private final Review review;
  private final CjibExport cjib;
  private final WarningLetters letters;
  private final SignProblems signs;
  private final ErasureRequests erasureRequests;
  private final RetentionJob retention;
  private final ExportFiles files;
  private final LawfulProcess lawful;
  private final CasePolicy policy;
  private final DataSource pool;
  private final SharedTransaction shared;
  private final CaseProjection.Grouping grouping;
  private final EvidenceFetcher fetcher;
  private final QualitySettings quality;
  private final OutcomeRepository outcomeRepository;
  private final CaseOutcomes outcomes;
  private final CaseDossier dossiers;

  private Enforcement(EnforcementSettings settings, LawfulSettings lawfulSettings, QualitySettings quality,
                      CaseProjection.Grouping grouping, DataSource pool, CityLayout layout, EvidenceFetcher fetcher,
                      double caseThreshold, VehicleRegister freshFacts, Clock clock) {
    this.quality = quality;
    this.fetcher = fetcher;
    this.settings = settings;
    this.grouping = grouping;
    this.pool = pool;
    // the repositories take their connections here: the pool's, or in the cases projection the group's own
    this.shared = new SharedTransaction(pool);
    this.evidence = new EvidenceStore(shared);
    this.repository = new EnforcementRepository(shared);
    this.files = new ExportFiles(settings.exportDir());
    SignRepository signRepository = new SignRepository(shared);
    Map<String, String> gateOfCamera = layout.cameras().stream()
        .collect(Collectors.toUnmodifiableMap(CityLayout.Camera::id, CityLayout.Camera::gateId));
    this.outcomeRepository = new OutcomeRepository(shared, gateOfCamera);
    Erasure erasure = new Erasure(repository, journal, outcomeRepository, clock);
    ErasureRequestRepository erasureRequestStore = new ErasureRequestRepository(shared);
    // the record itself, not this node's copy: an exemption stored a moment ago on another node counts here
    LateExemptions exemptions = new LateExemptions(new ExemptionRepository(pool), erasure);
    LawfulRepository lawfulRepository = new LawfulRepository(shared);
    this.policy = new CasePolicy(new CasePolicy.Settings(caseThreshold, lawfulSettings.requireSiteApproval(),
        lawfulSettings.requireSchouw(), lawfulSettings.schouwInterval(), lawfulSettings.freshFactsTimeout()),
        signRepository, lawfulRepository, freshFacts, layout, clock);
    this.lawful = new LawfulProcess(lawfulSettings, lawfulRepository, repository, evidence,
        signRepository, exemptions, erasure, erasureRequestStore, policy, layout, settings, new CitizenRateLimit(pool,
        lawfulSettings.evidenceRequestsPerClientPerMinute(), lawfulSettings.evidenceRequestsPerMinute()), clock);
    this.cjib = new CjibExport(repository, files, exemptions, erasureRequestStore, layout, settings, clock);
    this.signs = new SignProblems(signRepository, repository, erasure, erasureRequestStore, cjib, policy, layout,
        settings, clock);
    this.erasureRequests = new ErasureRequests(erasureRequestStore, signs, lawful.detours(), clock);
    // the placeholder is for the demo's simulated cameras only; elsewhere a case without a picture says so.
    // Pictures the gates did not store: a camera's URL is fetched once more; in the demo, the simulators' refs
    // get the placeholder
    this.intake = settings.placeholderEvidence()
        ? new CaseIntake(new CaseRepository(shared), evidence, fetcher.orElse(new PlaceholderEvidence()),
            policy, erasure, lawful, false)
        : new CaseIntake(new CaseRepository(shared), evidence, fetcher, policy, erasure, lawful, true);
    this.review = new Review(repository, evidence, erasure, exemptions, clock, settings.queueLimit(),
        settings.fourEyesZones(), settings.placeholderEvidence(), outcomeRepository, quality);
    this.outcomes = new CaseOutcomes(outcomeRepository, clock);
    this.dossiers = new CaseDossier(repository, evidence, signRepository, lawfulRepository, exemptions,
        outcomeRepository, gateOfCamera, settings.fourEyesZones(), clock);
    this.letters = new WarningLetters(repository, files, layout, settings, clock);
    this.retention = retentionJob(clock);
  }

  /**
   * @param config {@code anpr.enforcement}
   * @param fetches told of every fetch of a picture a camera gave by reference
   * @param caseThreshold reads below this confidence make no case (the cameras' {@code confidence-threshold})
   * @param freshFacts the RDW API itself, not the mirror: a new case's vehicle is looked up again before it is written
   */
  public static Enforcement create(Config config, DataSource dataSource, CityLayout layout,
                                   EvidenceFetcher.Listener fetches, double caseThreshold,
                                   VehicleRegister freshFacts, Clock clock) {
    EnforcementSettings settings = EnforcementSettings.fromConfig(config);
    settings.offenceCodes().forEach((regime, code) -> {
      if (EnforcementSettings.isPlaceholder(code)) {
        log.warn("Offence code for {} is a placeholder ({}): CJIB exports are refused until "
            + "anpr.enforcement.offence-codes.{} is set from the current feitcodeboekje", regime, code, regime);
      }
    });
    return new Enforcement(settings, LawfulSettings.fromConfig(config.getConfig("lawful")),
        QualitySettings.fromConfig(config.getConfig("quality")),
        new CaseProjection.Grouping(config.getInt("projection.group-size"),
            config.getDuration("projection.group-within")), dataSource, layout,
        new EvidenceFetcher(EvidenceFetcher.Settings.fromConfig(config.getConfig("evidence-fetch")), fetches),
        caseThreshold, freshFacts, clock);
  }

  /** Binds to the actor system whose serializers write the journal; call while it starts. */
  public void attach(ActorSystem<?> system) {
    journal.attach(system);
  }

  /**
   * Once the devices run: moves evidence files of earlier versions into PostgreSQL, gives site approvals of
   * earlier versions their camera's configured site, gives gates their sign-problem
   * suspensions, starts the projections that feed the cases read model from the journal, and runs retention and the
   * release of held cases as cluster singletons.
   *
   * @param cases told of every case new to the read model
   */
  public void start(ActorSystem<?> system, Guardian.Devices devices, CaseProjection.Listener cases)
      throws SQLException, IOException {
    new LegacyEvidenceFiles(pool, evidence).moveFrom(settings.legacyEvidenceDir());
    lawful.sites().nameConfiguredSites();
    signs.attach(system, devices.gates());
    CaseProjection.init(system, pool, shared, intake, grouping, cases);
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    ClusterJob.init(system, "retention", retention::runOnce, settings.retentionInterval(), blocking);
    ClusterJob.init(system, "lawful-release", lawful::releaseDue, lawful.settings().releaseInterval(), blocking);
  }

  /** A retention job on another clock, for tests and one-off runs. */
  public RetentionJob retentionJob(Clock clock) {
    return new RetentionJob(repository, new Erasure(repository, journal, outcomeRepository, clock), evidence, files,
        settings, clock);
  }

  public Route routes(Access access, AccessLog accessLog, Executor blocking) {
    return concat(new EnforcementRoutes(this, access, accessLog, blocking).routes(),
        new QualityRoutes(this, access, accessLog, blocking).routes());
  }

  /** The reasons for a dismissal, and which counts as a misread plate. */
  public QualitySettings quality() {
    return quality;
  }

  /** Objection and appeal outcomes, entered or imported from the CVOM's file. */
  public CaseOutcomes outcomes() {
    return outcomes;
  }

  /** The dossier of one case for the CVOM or a court. */
  public CaseDossier dossiers() {
    return dossiers;
  }

  /** Hold periods, detours, site approval, the citizen's evidence request, the schouw proces-verbaal. */
  public LawfulProcess lawful() {
    return lawful;
  }

  /** Whether a decided violation becomes a case, a test case or nothing. */
  public CasePolicy policy() {
    return policy;
  }

  public CaseIntake intake() {
    return intake;
  }

  public Review review() {
    return review;
  }

  public CjibExport cjib() {
    return cjib;
  }

  public WarningLetters letters() {
    return letters;
  }

  public SignProblems signs() {
    return signs;
  }

  /** Sign problems' and detours' requests to erase decided cases, waiting for a second person. */
  public ErasureRequests erasureRequests() {
    return erasureRequests;
  }

  public RetentionJob retention() {
    return retention;
  }

  /** Where the pictures of cases are, on every node. */
  public EvidenceStore evidence() {
    return evidence;
  }

  /** Fetches the pictures cameras give by reference. */
  public EvidenceFetcher fetcher() {
    return fetcher;
  }

  /** How far the cases read model is behind the journal, from the projections' offsets in PostgreSQL. */
  public CaseProjection.Lag readSideLag() throws SQLException {
    return CaseProjection.lag(pool);
  }

  public EnforcementRepository repository() {
    return repository;
  }

  /** Where a batch file lies. */
  public Path batchFile(String fileName) {
    return files.path(fileName);
  }

  public EnforcementSettings settings() {
    return settings;
  }
}
