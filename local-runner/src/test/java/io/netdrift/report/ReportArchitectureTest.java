package io.netdrift.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The report is plain Java: it runs after the job, in the CLI, and must not need a Flink runtime
 * nor the job's wiring.
 */
class ReportArchitectureTest {
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .withImportOption(new ImportOption.DoNotIncludeJars())
          .importPackages("io.netdrift");

  private static ArchRule noDependencyOf(String packageIdentifier, String... forbidden) {
    return noClasses()
        .that()
        .resideInAPackage(packageIdentifier)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because("the report is computed and written without Flink or the job's wiring");
  }

  @Test
  void reportDependsNeitherOnFlinkNorOnTheJob() {
    assertThat(
            PRODUCTION.that(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "in io.netdrift.report", c -> c.getPackageName().equals("io.netdrift.report"))))
        .isNotEmpty();
    noDependencyOf(
            "io.netdrift.report..", "org.apache.flink..", "io.netdrift.job..", "io.netdrift.cli..")
        .check(PRODUCTION);
  }

  @Test
  void theRuleCatchesAFlinkDependency() {
    // the local runner (this module, imported from its classes) does depend on Flink: the same
    // rule must report it, else it is vacuous
    assertThat(
            noDependencyOf("io.netdrift.local..", "org.apache.flink..")
                .evaluate(PRODUCTION)
                .hasViolation())
        .isTrue();
  }
}
