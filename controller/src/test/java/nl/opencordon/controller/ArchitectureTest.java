package nl.opencordon.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: only the controller sees everything (STYLE.md, section 1). */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("nl.opencordon");

  @Test
  void domainDependsOnNoOtherModule() {
    noClasses().that().resideInAPackage("nl.opencordon.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("nl.opencordon.actors..", "nl.opencordon.persistence..",
            "nl.opencordon.monitoring..", "nl.opencordon.cameradrivers..", "nl.opencordon.displays..",
            "nl.opencordon.controller..", "org.apache.pekko..")
        .check(CLASSES);
  }

  @Test
  void persistenceAndMonitoringAreLeaves() {
    noClasses().that().resideInAnyPackage("nl.opencordon.persistence..", "nl.opencordon.monitoring..")
        .should().dependOnClassesThat().resideInAnyPackage("nl.opencordon.actors..", "nl.opencordon.cameradrivers..",
            "nl.opencordon.displays..", "nl.opencordon.controller..")
        .check(CLASSES);
  }

  @Test
  void actorsKnowOnlyPortsNotTheirImplementations() {
    noClasses().that().resideInAPackage("nl.opencordon.actors..")
        .should().dependOnClassesThat().resideInAnyPackage("nl.opencordon.cameradrivers..",
            "nl.opencordon.displays..", "nl.opencordon.controller..")
        .check(CLASSES);
  }

  @Test
  void driversDoNotReachIntoTheController() {
    noClasses().that().resideInAnyPackage("nl.opencordon.cameradrivers..", "nl.opencordon.displays..")
        .should().dependOnClassesThat().resideInAPackage("nl.opencordon.controller..")
        .check(CLASSES);
  }
}
