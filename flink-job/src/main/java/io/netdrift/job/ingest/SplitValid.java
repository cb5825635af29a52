package io.netdrift.job.ingest;

import io.netdrift.schema.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits decoded input: valid records to the main output, dead letters to {@link #DEAD_LETTERS}.
 */
public final class SplitValid<T> extends ProcessFunction<Either<DeadLetter, T>, T>
    implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("input-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private final TypeInformation<T> validType;

  public SplitValid(TypeInformation<T> validType) {
    this.validType = validType;
  }

  @Override
  public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
    if (value.isRight()) {
      out.collect(value.right());
    } else {
      ctx.output(DEAD_LETTERS, value.left());
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return validType;
  }
}
