package io.netdrift.job;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package cycles across the modules the job is built from (schemas, operators, simulator and the
 * job itself): the operators module checks its own packages and proves the rule can fail ({@code
 * io.netdrift.ArchitectureTest}); this test sees the packages that only meet on the job's
 * classpath.
 */
class PackageCycleTest {

  @Test
  void packagesOfTheJobAndItsModulesAreFreeOfCycles() {
    // netdrift's own jars are kept (in a reactor `verify` the sibling modules arrive as jars); the
    // others (Flink, TensorFlow, DJL) are skipped, which keeps the import fast
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .withImportOption(location -> !location.isJar() || location.contains("netdrift-"))
            .importPackages("io.netdrift");
    for (String layer :
        new String[] {"io.netdrift.core", "io.netdrift.simulator", "io.netdrift.job"}) {
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
