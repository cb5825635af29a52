package io.netdrift.benchmarks.endtoend;

import io.netdrift.job.config.JobConfig;
import io.netdrift.local.DemoBaseModels;
import io.netdrift.local.DemoLanes;
import java.util.Arrays;

/** Which strategy lanes the netdrift job runs in the end-to-end benchmark ({@code --lanes}). */
enum NetdriftLanes {
  /** The job's default: persistence and seasonal-naive (no model). */
  BASELINES("baselines"),
  /** Persistence and the demo's base CfC served as trained. */
  STATIC("static"),
  /** The demo's default list: both baselines, static, liquid, incremental and hybrid. */
  ADAPTIVE("adaptive");

  final String label;

  NetdriftLanes(String label) {
    this.label = label;
  }

  static NetdriftLanes parse(String value) {
    return Arrays.stream(values())
        .filter(l -> l.label.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown --lanes '" + value + "' (known: baselines, static, adaptive)"));
  }

  /** The job's {@code --strategies} value, or null for its default lanes. */
  String strategies(DemoBaseModels.Models models) {
    return switch (this) {
      case BASELINES -> null;
      case STATIC -> "persistence,static=" + models.cfc().toAbsolutePath();
      case ADAPTIVE ->
          String.join(
              ",", DemoLanes.defaultStrategies(models.cfc(), models.mlp(), JobConfig.fromArgs()));
    };
  }
}
