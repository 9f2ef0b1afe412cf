package nl.opencordon.controller;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import nl.opencordon.security.HttpErrors;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: only the controller sees everything (STYLE.md, section 1). */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("nl.opencordon");

  private static final String DOMAIN = "nl.opencordon.domain..";
  private static final String PERSISTENCE = "nl.opencordon.persistence..";
  private static final String EMBEDDED_DATABASE = "nl.opencordon.embeddeddatabase..";
  private static final String MONITORING = "nl.opencordon.monitoring..";
  private static final String ACTORS = "nl.opencordon.actors..";
  private static final String SECURITY = "nl.opencordon.security..";
  private static final String ENFORCEMENT = "nl.opencordon.enforcement..";
  private static final String REGISTER = "nl.opencordon.vehicleregister..";
  private static final String CAMERA_DRIVERS = "nl.opencordon.cameradrivers..";
  private static final String DISPLAYS = "nl.opencordon.displays..";
  private static final String VISION = "nl.opencordon.vision..";
  private static final String CONTROL_ROOM = "nl.opencordon.controlroom..";
  private static final String INSIGHT = "nl.opencordon.insight..";
  private static final String CONTROLLER = "nl.opencordon.controller..";

  @Test
  void domainDependsOnNoOtherModule() {
    usesNone(List.of(DOMAIN), PERSISTENCE, MONITORING, ACTORS, SECURITY, ENFORCEMENT, REGISTER, CAMERA_DRIVERS,
        DISPLAYS, VISION, CONTROL_ROOM, INSIGHT, CONTROLLER, "org.apache.pekko..");
  }

  @Test
  void persistenceAndMonitoringAreLeaves() {
    usesNone(List.of(PERSISTENCE, MONITORING), ACTORS, SECURITY, ENFORCEMENT, REGISTER, CAMERA_DRIVERS, DISPLAYS,
        VISION, CONTROL_ROOM, INSIGHT, CONTROLLER);
  }

  @Test
  void securityAndTheVehicleRegisterStandOnPersistenceAlone() {
    usesNone(List.of(SECURITY, REGISTER), ACTORS, ENFORCEMENT, CAMERA_DRIVERS, DISPLAYS, VISION, CONTROL_ROOM,
        INSIGHT, CONTROLLER);
  }

  @Test
  void actorsKnowOnlyPortsNotTheirImplementations() {
    usesNone(List.of(ACTORS), SECURITY, ENFORCEMENT, REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION, CONTROL_ROOM,
        INSIGHT, CONTROLLER);
  }

  @Test
  void theEnforcementChainKnowsNoDeviceDriverNorTheController() {
    usesNone(List.of(ENFORCEMENT), REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION, CONTROL_ROOM, INSIGHT, CONTROLLER);
  }

  @Test
  void driversDoNotReachIntoTheChainOrTheController() {
    usesNone(List.of(CAMERA_DRIVERS, DISPLAYS, VISION), ENFORCEMENT, REGISTER, CONTROL_ROOM, INSIGHT, CONTROLLER);
  }

  /** Camera pushes answer their failures through the one error mapping of every route; users and roles stay out. */
  @Test
  void driversTakeNothingOfSecurityButTheErrorMapping() {
    noClasses().that().resideInAnyPackage(CAMERA_DRIVERS, DISPLAYS, VISION)
        .should().dependOnClassesThat(resideInAPackage(SECURITY).and(not(equivalentTo(HttpErrors.class))))
        .check(CLASSES);
  }

  /**
   * The control room watches the devices and keeps incidents and availability; the enforcement chain reaches it
   * only through the port the controller plugs in ({@code SignProblemReporter}).
   */
  @Test
  void theControlRoomKnowsNoDriverNorTheEnforcementChainNorInsightNorTheController() {
    usesNone(List.of(CONTROL_ROOM), ENFORCEMENT, REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION, INSIGHT, CONTROLLER);
  }

  /** Insight writes its traffic anomalies into the control room's incident log and reports its availability. */
  @Test
  void onlyTheControllerAndInsightUseTheControlRoom() {
    usedOnlyBy(CONTROL_ROOM, INSIGHT, CONTROLLER);
  }

  /** Insight reads counts and read models; it never reaches into drivers, the enforcement chain or the controller. */
  @Test
  void insightKnowsNoDriverNorTheEnforcementChainNorTheController() {
    usesNone(List.of(INSIGHT), ENFORCEMENT, REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION, CONTROLLER);
  }

  /** Nothing but the controller depends on insight. */
  @Test
  void onlyTheControllerUsesInsight() {
    usedOnlyBy(INSIGHT, CONTROLLER);
  }

  /** The embedded server is the controller's start-up, beside the schema module, not part of it. */
  @Test
  void onlyTheControllerStartsTheEmbeddedDatabaseAndItStandsOnPersistenceAlone() {
    usedOnlyBy(EMBEDDED_DATABASE, CONTROLLER);
    usesNone(List.of(EMBEDDED_DATABASE), DOMAIN, MONITORING, ACTORS, SECURITY, ENFORCEMENT, REGISTER,
        CAMERA_DRIVERS, DISPLAYS, VISION, CONTROL_ROOM, INSIGHT, CONTROLLER);
  }

  /** The controller wires and serves: tables and SQL belong to the modules that own them. */
  @Test
  void theControllerWritesNoSql() {
    noClasses().that().resideInAPackage(CONTROLLER)
        .should().accessClassesThat().belongToAnyOf(java.sql.Connection.class, java.sql.Statement.class,
            java.sql.ResultSet.class)
        .check(CLASSES);
  }

  /**
   * An actor's own ask answers through a Scala future, whose callbacks on two cores start a thread each (one per
   * passage in the bench): actors ask through {@code Asks.pipe} instead.
   */
  @Test
  void actorsAskWithoutAThreadPerAnswer() {
    noClasses().that().resideInAPackage("nl.opencordon..").and().doNotHaveFullyQualifiedName(
            "nl.opencordon.actors.Asks")
        .should().callMethodWhere(target(nameMatching("ask|askWithStatus"))
            .and(target(owner(describe("ActorContext", c -> c.isAssignableTo(ActorContext.class))))))
        .check(CLASSES);
  }

  /** No class in {@code packages} uses a class in any of {@code others}. */
  private static void usesNone(List<String> packages, String... others) {
    noClasses().that().resideInAnyPackage(packages.toArray(String[]::new))
        .should().dependOnClassesThat().resideInAnyPackage(others).check(CLASSES);
  }

  /** No class outside {@code module} and {@code users} uses a class in {@code module}. */
  private static void usedOnlyBy(String module, String... users) {
    String[] allowed = Stream.concat(Stream.of(module), Stream.of(users)).toArray(String[]::new);
    noClasses().that().resideOutsideOfPackages(allowed)
        .should().dependOnClassesThat().resideInAPackage(module).check(CLASSES);
  }
}
