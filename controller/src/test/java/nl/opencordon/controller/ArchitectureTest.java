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
    noClasses().that().resideInAPackage(DOMAIN)
        .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, MONITORING, ACTORS, SECURITY, ENFORCEMENT,
            REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION, CONTROL_ROOM, INSIGHT, CONTROLLER, "org.apache.pekko..")
        .check(CLASSES);
  }

  @Test
  void persistenceAndMonitoringAreLeaves() {
    noClasses().that().resideInAnyPackage(PERSISTENCE, MONITORING)
        .should().dependOnClassesThat().resideInAnyPackage(ACTORS, SECURITY, ENFORCEMENT, REGISTER, CAMERA_DRIVERS,
            DISPLAYS, VISION, CONTROL_ROOM, INSIGHT, CONTROLLER)
        .check(CLASSES);
  }

  @Test
  void securityAndTheVehicleRegisterStandOnPersistenceAlone() {
    noClasses().that().resideInAnyPackage(SECURITY, REGISTER)
        .should().dependOnClassesThat().resideInAnyPackage(ACTORS, ENFORCEMENT, CAMERA_DRIVERS, DISPLAYS, VISION,
            CONTROL_ROOM, INSIGHT, CONTROLLER)
        .check(CLASSES);
  }

  @Test
  void actorsKnowOnlyPortsNotTheirImplementations() {
    noClasses().that().resideInAPackage(ACTORS)
        .should().dependOnClassesThat().resideInAnyPackage(SECURITY, ENFORCEMENT, REGISTER, CAMERA_DRIVERS, DISPLAYS,
            VISION, CONTROL_ROOM, INSIGHT, CONTROLLER)
        .check(CLASSES);
  }

  @Test
  void theEnforcementChainKnowsNoDeviceDriverNorTheController() {
    noClasses().that().resideInAPackage(ENFORCEMENT)
        .should().dependOnClassesThat().resideInAnyPackage(REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION, CONTROL_ROOM,
            INSIGHT, CONTROLLER)
        .check(CLASSES);
  }

  @Test
  void driversDoNotReachIntoTheChainOrTheController() {
    noClasses().that().resideInAnyPackage(CAMERA_DRIVERS, DISPLAYS, VISION)
        .should().dependOnClassesThat().resideInAnyPackage(ENFORCEMENT, REGISTER, CONTROL_ROOM, INSIGHT, CONTROLLER)
        .check(CLASSES);
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
    noClasses().that().resideInAPackage(CONTROL_ROOM)
        .should().dependOnClassesThat().resideInAnyPackage(ENFORCEMENT, REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION,
            INSIGHT, CONTROLLER)
        .check(CLASSES);
  }

  /** Insight writes its traffic anomalies into the control room's incident log and reports its availability. */
  @Test
  void onlyTheControllerAndInsightUseTheControlRoom() {
    noClasses().that().resideOutsideOfPackages(CONTROL_ROOM, INSIGHT, CONTROLLER)
        .should().dependOnClassesThat().resideInAPackage(CONTROL_ROOM)
        .check(CLASSES);
  }

  /** Insight reads counts and read models; it never reaches into drivers, the enforcement chain or the controller. */
  @Test
  void insightKnowsNoDriverNorTheEnforcementChainNorTheController() {
    noClasses().that().resideInAPackage(INSIGHT)
        .should().dependOnClassesThat().resideInAnyPackage(ENFORCEMENT, REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION,
            CONTROLLER)
        .check(CLASSES);
  }

  /** Nothing but the controller depends on insight. */
  @Test
  void onlyTheControllerUsesInsight() {
    noClasses().that().resideOutsideOfPackages(INSIGHT, CONTROLLER)
        .should().dependOnClassesThat().resideInAPackage(INSIGHT)
        .check(CLASSES);
  }

  /** The embedded server is the controller's start-up, beside the schema module, not part of it. */
  @Test
  void onlyTheControllerStartsTheEmbeddedDatabaseAndItStandsOnPersistenceAlone() {
    noClasses().that().resideOutsideOfPackages(EMBEDDED_DATABASE, CONTROLLER)
        .should().dependOnClassesThat().resideInAPackage(EMBEDDED_DATABASE)
        .check(CLASSES);
    noClasses().that().resideInAPackage(EMBEDDED_DATABASE)
        .should().dependOnClassesThat().resideInAnyPackage(DOMAIN, MONITORING, ACTORS, SECURITY, ENFORCEMENT,
            REGISTER, CAMERA_DRIVERS, DISPLAYS, VISION, CONTROL_ROOM, INSIGHT, CONTROLLER)
        .check(CLASSES);
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
}
