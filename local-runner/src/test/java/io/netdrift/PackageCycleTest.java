package io.netdrift;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package cycles across every module the local runner is built from (schemas, core, models,
 * adaptation, operators, simulator, the job, the local cluster and the runner itself): Maven keeps
 * the modules one-way, this keeps the packages inside and across them one-way too. The operators
 * module proves the rule can fail ({@code io.netdrift.ArchitectureTest}).
 */
class PackageCycleTest {

  @Test
  void packagesOfTheJobAndItsModulesAreFreeOfCycles() {
    // netdrift's own jars are kept (in a reactor `verify` the sibling modules arrive as jars); the
    // others (Flink, TensorFlow, DJL) are skipped, which keeps the import fast
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            // (a test-jar, such as netdrift-models' shared test support, holds test classes)
            .withImportOption(
                location ->
                    !location.isJar()
                        || (location.contains("netdrift-") && !location.contains("-tests.jar")))
            .importPackages("io.netdrift");
    for (String layer :
        new String[] {
          "io.netdrift.schema",
          "io.netdrift.core.network",
          "io.netdrift.core.model.serving",
          "io.netdrift.core.adaptation",
          "io.netdrift.flink",
          "io.netdrift.simulator",
          "io.netdrift.job",
          "io.netdrift.cluster",
          "io.netdrift.local",
          "io.netdrift.cli"
        }) {
      assertThat(production.that(JavaClass.Predicates.resideInAPackage(layer + "..")))
          .as("classes of %s were imported", layer)
          .isNotEmpty();
    }
    slices()
        .matching("io.netdrift.(**)")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        .because("layers must depend one way only (conventions #9)")
        .check(production);
  }
}
