package io.netdrift.local;

import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelLoadException;
import io.netdrift.job.config.ConfigException;
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

  /**
   * Fails with one line per the first lane whose model directory is missing or is not a model
   * directory: the demo runs on this machine, so it can tell before it starts anything (on a
   * cluster the directory must exist on the TaskManagers, which the client cannot see).
   */
  public static void requireModelDirectories(JobConfig config) {
    for (ForecasterSpec lane : config.lanes()) {
      if (lane.modelDirectory() == null) {
        continue;
      }
      try {
        ModelDirectory.open(Path.of(lane.modelDirectory()));
      } catch (ModelLoadException e) {
        throw new ConfigException(
            "lane '"
                + lane.strategy()
                + "': "
                + e.getMessage()
                + " (train one with ./netdrift train --model cfc --input DIR/link_load.csv --out "
                + lane.modelDirectory()
                + ", or leave the lane out of --strategies)");
      }
    }
  }

  private DemoLanes() {}
}
