package io.netdrift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
 * and reused without a Flink runtime.
 */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            // the project's own classes only: scanning every jar (TensorFlow, DJL, Flink) is slow
            .withImportOption(new ImportOption.DoNotIncludeJars())
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
