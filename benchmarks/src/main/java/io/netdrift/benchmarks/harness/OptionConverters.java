package io.netdrift.benchmarks.harness;

import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.runtime.ServingEngine;
import picocli.CommandLine.ITypeConverter;

/** picocli converters for the model options several benchmarks take. */
public final class OptionConverters {
  private OptionConverters() {}

  /** {@link ModelKind#parse}: {@code cfc}, {@code ltc}, {@code gru} or {@code mlp}. */
  public static final class ModelKindConverter implements ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
      return ModelKind.parse(value);
    }
  }

  /** {@link ServingEngine#parse}: {@code djl} or {@code tf-java}. */
  public static final class ServingEngineConverter implements ITypeConverter<ServingEngine> {
    @Override
    public ServingEngine convert(String value) {
      return ServingEngine.parse(value);
    }
  }
}
