package io.netdrift.report;

import java.util.Map;

/**
 * Facts about one evaluation run, shown as they are in the report.
 *
 * @param topology topology name
 * @param nodes node count
 * @param linkDirections link directions carrying telemetry
 * @param traffic where the traffic came from, e.g. "replay of M.csv" or "synthetic euro28 drastic
 *     seed 1"
 * @param failuresSource where the failures came from
 * @param steps steps run
 * @param stepSeconds seconds per step
 * @param baseModels free-form facts about the base models (trained range etc.), may be empty
 * @param telemetryRecords telemetry records read
 * @param predictionRecords prediction records written
 * @param deadLetters records sent to the dead-letter topic
 * @param wallSeconds wall-clock duration of the run
 */
public record RunInfo(
    String topology,
    int nodes,
    int linkDirections,
    String traffic,
    String failuresSource,
    int steps,
    long stepSeconds,
    Map<String, Object> baseModels,
    long telemetryRecords,
    long predictionRecords,
    long deadLetters,
    double wallSeconds) {}
