package io.netdrift.job.ingest;

import java.io.Serializable;

/** Serialisable event-time accessor of a decoded record, epoch ms. */
@FunctionalInterface
public interface EventTime<T> extends Serializable {
  long of(T record);
}
