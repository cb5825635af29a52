package io.netdrift.job.ingest;

import io.netdrift.core.validation.Rejection;
import java.io.Serializable;

/** A serialisable validation of a decoded record: {@code null} if usable, else why not. */
@FunctionalInterface
public interface RecordCheck<T> extends Serializable {
  Rejection check(T record);
}
