package io.netdrift.benchmarks.endtoend;

/**
 * One measured run of the end-to-end benchmark. {@code records}: telemetry records; {@code
 * seconds}: all tasks RUNNING to every output releasable without a drain committed; {@code
 * allInputSeconds}: to all input read and the job drained (NaN: stalled).
 */
record RunResult(
    int run,
    EndToEndJob job,
    long records,
    long inputRecords,
    long outputRecords,
    double deploySeconds,
    double seconds,
    double allInputSeconds,
    String check) {

  double recordsPerSecond() {
    return records / seconds;
  }

  double allInputRecordsPerSecond() {
    return records / allInputSeconds;
  }
}
