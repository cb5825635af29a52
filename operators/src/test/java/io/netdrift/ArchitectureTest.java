package io.netdrift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core (models, detectors, strategies, metrics, validation) is plain Java: only the Flink
 * wrappers in {@code io.netdrift.flink..} may touch Flink, so the core can be tested, benchmarked
 * and reused without a Flink runtime. And no two packages depend on each other, directly or through
 * others: the layers (forecasting API, model description, TensorFlow graphs, serving, training,
 * operators) can only be told apart, and split into modules, if every dependency points one way.
 */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            // the project's own classes only (core, models and adaptation arrive as netdrift-*
            // jars in a reactor `verify`): scanning every jar (TensorFlow, DJL, Flink) is slow
            // (a test-jar, such as netdrift-models' shared test support, holds test classes)
            .withImportOption(
                location ->
                    !location.isJar()
                        || (location.contains("netdrift-") && !location.contains("-tests.jar")))
            .importPackages("io.netdrift");
  }

  private static ArchRule noFlinkIn(String packageIdentifier) {
    return noClasses()
        .that()
        .resideInAPackage(packageIdentifier)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.flink..")
        .because("the core must run and be tested without a Flink runtime");
  }

  @Test
  void coreDoesNotDependOnFlink() {
    assertThat(production.that(resideIn("io.netdrift.core..")))
        .as("core classes were imported")
        .isNotEmpty();
    noFlinkIn("io.netdrift.core..").check(production);
  }

  @Test
  void theRuleCatchesAFlinkDependency() {
    // the Flink wrappers do depend on Flink: the same rule must report them, else it is vacuous
    EvaluationResult result = noFlinkIn("io.netdrift.flink..").evaluate(production);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("org.apache.flink"));
  }

  /** One slice per package under {@code io.netdrift}; a cycle between any of them fails. */
  static ArchRule noPackageCycles() {
    return slices()
        .matching("io.netdrift.(**)")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        .because("layers must depend one way only (conventions #9)");
  }

  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles().check(production);
  }

  @Test
  void theCycleRuleCatchesACycle() {
    // two packages of test classes that use each other: the same rule must report the cycle
    JavaClasses cycle =
        new ClassFileImporter()
            .importClasses(
                io.netdrift.archfixture.upper.Caller.class,
                io.netdrift.archfixture.lower.CalledBack.class);
    EvaluationResult result = noPackageCycles().evaluate(cycle);
    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains("Cycle detected")
        .contains("archfixture.upper")
        .contains("archfixture.lower");
  }

  @Test
  void testClassesAreNotImported() {
    assertThat(production.contain(ArchitectureTest.class)).isFalse();
  }

  private static com.tngtech.archunit.base.DescribedPredicate<
          com.tngtech.archunit.core.domain.JavaClass>
      resideIn(String packageIdentifier) {
    return com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
        packageIdentifier);
  }
}
