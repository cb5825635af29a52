package io.netdrift.benchmarks.endtoend;

import java.util.Arrays;

/** The jobs the end-to-end benchmark alternates, by their {@code --jobs} label. */
enum EndToEndJob {
  /** The telemetry topic copied byte for byte: the second reference. */
  PASSTHROUGH("passthrough"),
  /** The fair baseline: netdrift's sources and predictions sink, a copy in between. */
  FAIR("fair-baseline"),
  NETDRIFT("netdrift"),
  /** netdrift again with parallelism 2 (with --parallelism 1): the scaling on two cores. */
  NETDRIFT_P2("netdrift-p2");

  final String label;

  EndToEndJob(String label) {
    this.label = label;
  }

  boolean isNetdrift() {
    return this == NETDRIFT || this == NETDRIFT_P2;
  }

  /** The job of a label, e.g. {@code fair-baseline}. */
  static EndToEndJob parse(String label) {
    return Arrays.stream(values())
        .filter(j -> j.label.equals(label.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown job '"
                        + label
                        + "' (known: passthrough, fair-baseline, netdrift, netdrift-p2)"));
  }
}
