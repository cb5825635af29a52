package io.netdrift.core.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The model core stays free of Flink, and only the runtime bootstrap, graph, serving and training
 * packages touch TensorFlow or DJL: the model description ({@code io.netdrift.core.model} itself:
 * config, weights, metadata, directory reading) and the plain-Java reference must run without
 * natives.
 */
class ModelPackageArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.netdrift.core.model");

  @Test
  void modelCoreDoesNotDependOnFlink() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.flink..")
        .because("io.netdrift.core must stay free of Flink (design brief)")
        .check(CLASSES);
  }

  @Test
  void modelDescriptionAndReferenceNeedNoNatives() {
    noClasses()
        .that()
        .resideInAnyPackage("io.netdrift.core.model", "io.netdrift.core.model.reference..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.tensorflow..", "ai.djl..", "org.bytedeco..")
        .check(CLASSES);
  }
}
