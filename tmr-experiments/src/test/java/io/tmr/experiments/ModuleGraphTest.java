package io.tmr.experiments;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph as a test: config ← core ← models ← benchmarks ← experiments; tmr-replay pure
 * Java (no ND4J, of TMR only the config module), and tmr-config below everything (no ND4J, no other
 * TMR module).
 */
class ModuleGraphTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tmr");
  }

  @Test
  void replayIsPureJava() {
    noClasses()
        .that()
        .resideInAPackage("io.tmr.replay..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.nd4j..",
            "org.bytedeco..",
            "org.deeplearning4j..",
            "io.tmr.core..",
            "io.tmr.models..",
            "io.tmr.bench..",
            "io.tmr.experiments..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void configIsTheFoundation() {
    noClasses()
        .that()
        .resideInAPackage("io.tmr.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.nd4j..",
            "org.bytedeco..",
            "io.tmr.core..",
            "io.tmr.replay..",
            "io.tmr.models..",
            "io.tmr.bench..",
            "io.tmr.experiments..")
        .check(classes);
  }

  @Test
  void coreDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("io.tmr.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tmr.replay..", "io.tmr.models..", "io.tmr.bench..", "io.tmr.experiments..")
        .check(classes);
  }

  @Test
  void modelsDoNotReachUp() {
    noClasses()
        .that()
        .resideInAPackage("io.tmr.models..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.tmr.bench..", "io.tmr.experiments..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void benchmarksDoNotReachUp() {
    noClasses()
        .that()
        .resideInAPackage("io.tmr.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.tmr.experiments..")
        .check(classes);
  }
}
