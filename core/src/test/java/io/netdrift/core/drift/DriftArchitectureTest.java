package io.netdrift.core.drift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The drift core stays plain Java: the Flink wrapper builds it, feeds it and stores its bytes. */
class DriftArchitectureTest {

  @Test
  void driftCoreDoesNotDependOnFlink() throws Exception {
    // Dependencies are named in the class files: no need to load them (saves seconds).
    ArchConfiguration config = ArchConfiguration.get();
    boolean resolve = config.resolveMissingDependenciesFromClassPath();
    JavaClasses classes;
    try {
      config.setResolveMissingDependenciesFromClassPath(false);
      // Import the compiled drift package directly: scanning the whole class path (DJL,
      // TensorFlow, Flink jars) for the package takes seconds.
      Path root =
          Path.of(AdwinDetector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      classes =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPath(root.resolve("io/netdrift/core/drift"));
    } finally {
      config.setResolveMissingDependenciesFromClassPath(resolve);
    }
    assertThat(classes.size()).isGreaterThan(10);
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.flink..")
        .because("io.netdrift.core must stay free of Flink (design brief)")
        .check(classes);
  }
}
