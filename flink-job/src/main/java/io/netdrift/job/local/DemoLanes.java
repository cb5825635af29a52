package io.netdrift.job.local;

import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.job.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which strategy lanes the demo runs: the user's {@code --strategies}, or its default list. */
public final class DemoLanes {
  /** The adaptive lane that needs no model directory: it blends liquid and incremental. */
  public static final String HYBRID_LANE = "hybrid";

  /**
   * The lanes the demo runs when the user names none: the two baselines, the CfC served as trained
   * ({@code static}) and adapted online ({@code liquid}), the MLP retrained in the background
   * ({@code incremental}), and {@code hybrid}, their blend.
   *
   * @param userConfig the rest of the user's job configuration, which the list must validate with
   * @throws IllegalArgumentException naming the rule when the list does not validate with it
   */
  public static List<String> defaultStrategies(Path cfc, Path mlp, JobConfig userConfig) {
    List<String> lanes = new ArrayList<>();
    lanes.add(ForecasterSpec.PERSISTENCE);
    lanes.add(ForecasterSpec.SEASONAL_NAIVE);
    lanes.add("static=" + cfc.toAbsolutePath());
    lanes.add("liquid=" + cfc.toAbsolutePath());
    lanes.add("incremental=" + mlp.toAbsolutePath());
    lanes.add(HYBRID_LANE);
    userConfig.with(JobConfig.STRATEGIES, lanes).lanes(); // fails here, with the rule, if bad
    return lanes;
  }

  static boolean acceptedByJobConfig(List<String> lanes, JobConfig userConfig) {
    try {
      userConfig.with(JobConfig.STRATEGIES, lanes).lanes();
      return true;
    } catch (IllegalArgumentException | IllegalStateException e) { // ConfigException included
      return false;
    }
  }

  /**
   * Whether the user chose the lanes: a {@code --strategies} flag in either spelling or a config
   * file setting them, even to the job's default list.
   */
  static boolean namesStrategies(JobConfig userConfig) {
    return userConfig.givenByUser(JobConfig.STRATEGIES);
  }

  private DemoLanes() {}
}
