package io.netdrift.core.drift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The drift core stays plain Java: the Flink wrapper builds it, feeds it and stores its bytes. */
class DriftArchitectureTest {

  @Test
  void driftCoreDoesNotDependOnFlink() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.netdrift.core.drift");
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.flink..")
        .because("io.netdrift.core must stay free of Flink (design brief)")
        .check(classes);
  }
}
