package io.netdrift.local;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import io.netdrift.core.network.Topology;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's base models: a CfC (served by the {@code static} and {@code liquid} lanes) and an MLP
 * (the {@code incremental} lane), trained on simulated failure-free history of the demo's own
 * network — the "trained before the failure" models of the reference study (Ayoub, Andreoletti et
 * al., 2024) — and cached in a {@link BaseModelCache} under a key of everything that changes them,
 * so only the first demo run pays for the training.
 *
 * <p>The history precedes the live run in time (same start of day, same step length), uses a seed
 * distinct from the live run's, and the live run's link capacities, since serving normalises each
 * link by the capacity its telemetry reports.
 */
public final class DemoBaseModels {
  /** Raise when the training recipe changes, so old cache entries are not reused. */
  static final int FORMAT_VERSION = 2;

  /** One week of 15-minute steps. */
  public static final int DEFAULT_HISTORY_STEPS = 672;

  /** History seed = live seed + this: another week of the same network, not the live one. */
  static final long HISTORY_SEED_OFFSET = 1_000_003L;

  /** Same measurement noise as the live run feeds the job. */
  static final double TELEMETRY_NOISE = 0.02;

  static final String CFC_DIR = "cfc";
  static final String MLP_DIR = "mlp";

  /** Where the two models are. */
  public record Models(Path cfc, Path mlp, Path cacheEntry, boolean reused, Duration took) {}

  /**
   * What the models depend on.
   *
   * @param topology the live run's network with its capacities (as dimensioned by the simulator)
   * @param liveStart first timestamp of the live run; the history ends right before it
   */
  public record Settings(
      Topology topology, Duration step, Instant liveStart, int historySteps, long liveSeed) {
    long historySeed() {
      return liveSeed + HISTORY_SEED_OFFSET;
    }

    Instant historyStart() {
      return liveStart.minus(step.multipliedBy(historySteps));
    }
  }

  private DemoBaseModels() {}

  static ModelConfig cfcConfig(Settings s) {
    return ModelConfig.defaults(ModelKind.CFC, s.step().toSeconds());
  }

  static ModelConfig mlpConfig(Settings s) {
    return ModelConfig.defaults(ModelKind.MLP, s.step().toSeconds());
  }

  /**
   * AdaBelief trains the CfC faster and better than Adam here (docs/models.md); the step budget
   * keeps the first demo run within about a minute on two cores.
   */
  static TrainingConfig cfcTraining(Settings s) {
    return cfcTraining(s.historySeed());
  }

  static TrainingConfig mlpTraining(Settings s) {
    return mlpTraining(s.historySeed());
  }

  /** The base CfC's recipe; the newest 20 % of the history validate. */
  static TrainingConfig cfcTraining(long seed) {
    return new TrainingConfig("adabelief", 0.005f, 64, 10, 100, 3, 0.2, 1.5f, seed);
  }

  /** The base MLP's recipe; the newest 20 % of the history validate. */
  static TrainingConfig mlpTraining(long seed) {
    return new TrainingConfig("adam", 0.005f, 64, 20, 150, 4, 0.2, 1.5f, seed);
  }

  /** Everything that changes the models, for the cache key. */
  static Map<String, String> keyInputs(Settings s) {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("formatVersion", String.valueOf(FORMAT_VERSION));
    inputs.put("topology", s.topology().name());
    inputs.put("links", s.topology().links().toString());
    inputs.put("stepMs", String.valueOf(s.step().toMillis()));
    inputs.put("historyStart", s.historyStart().toString());
    inputs.put("historySteps", String.valueOf(s.historySteps()));
    inputs.put("historySeed", String.valueOf(s.historySeed()));
    inputs.put("telemetryNoise", String.valueOf(TELEMETRY_NOISE));
    inputs.put("cfc", cfcConfig(s) + " " + cfcTraining(s));
    inputs.put("mlp", mlpConfig(s) + " " + mlpTraining(s));
    return inputs;
  }

  /** The cached models for these settings, trained (and cached) first when missing. */
  public static Models prepare(
      Settings settings, BaseModelCache cache, DeviceSelection device, PrintStream out)
      throws Exception {
    long started = System.nanoTime();
    String key = BaseModelCache.key(keyInputs(settings));
    if (!cache.has(key)) {
      out.printf(
          Locale.ROOT,
          "training base models on %d simulated failure-free steps (%s, %d link directions) ...%n",
          settings.historySteps(),
          settings.topology().name(),
          settings.topology().directedLinkCount());
    }
    BaseModelCache.Entry entry = cache.getOrBuild(key, dir -> train(settings, dir, device, out));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (entry.reused()) {
      out.println("reusing cached base models from " + entry.dir());
    } else {
      out.printf(
          Locale.ROOT,
          "training base models on %d simulated failure-free steps ... done in %d s, cached in %s%n",
          settings.historySteps(),
          took.toSeconds(),
          entry.dir());
    }
    return new Models(
        entry.dir().resolve(CFC_DIR),
        entry.dir().resolve(MLP_DIR),
        entry.dir(),
        entry.reused(),
        took);
  }

  private static void train(Settings s, Path dir, DeviceSelection device, PrintStream out)
      throws Exception {
    trainBaseModels(
        s.topology(), simulateHistory(s), s.step().toSeconds(), s.historySeed(), device, dir, out);
  }

  /** The two base models as trained: the CfC and the MLP. */
  public record Trained(TrainingResult cfc, TrainingResult mlp) {}

  /**
   * Trains the base CfC and MLP on {@code history} (each link normalised by its capacity in {@code
   * topology}) with this class's recipes and writes them to {@code dir/cfc} and {@code dir/mlp}
   * (the demo's cache entry, or {@code netdrift evaluate}'s {@code REPORT/models}).
   */
  public static Trained trainBaseModels(
      Topology topology,
      List<LinkSeries> history,
      float stepSeconds,
      long seed,
      DeviceSelection device,
      Path dir,
      PrintStream out)
      throws java.io.IOException {
    Map<String, Float> capacities = new LinkedHashMap<>();
    for (int d = 0; d < topology.directedLinkCount(); d++) {
      capacities.put(topology.directedLink(d).key(), (float) topology.capacityMbps(d));
    }
    TrainingResult cfc =
        trainOne(
            "cfc",
            1,
            ModelConfig.defaults(ModelKind.CFC, stepSeconds),
            cfcTraining(seed),
            history,
            capacities,
            device,
            dir.resolve(CFC_DIR),
            out);
    TrainingResult mlp =
        trainOne(
            "mlp",
            2,
            ModelConfig.defaults(ModelKind.MLP, stepSeconds),
            mlpTraining(seed),
            history,
            capacities,
            device,
            dir.resolve(MLP_DIR),
            out);
    return new Trained(cfc, mlp);
  }

  /** Trains one base model, writes it to {@code dir} and prints two progress lines. */
  private static TrainingResult trainOne(
      String name,
      int index,
      ModelConfig config,
      TrainingConfig training,
      List<LinkSeries> history,
      Map<String, Float> capacities,
      DeviceSelection device,
      Path dir,
      PrintStream out)
      throws java.io.IOException {
    long started = System.nanoTime();
    out.printf(
        Locale.ROOT,
        "  [%d/2] %s: up to %d epochs of %d steps ...%n",
        index,
        name,
        training.maxEpochs(),
        training.maxStepsPerEpoch());
    TrainingResult result = ModelTrainer.train(config, training, history, capacities, device);
    ModelDirectoryWriter.write(dir, result.metadata(), result.weights());
    out.printf(
        Locale.ROOT,
        "  [%d/2] %s: %d steps in %d epochs, %.0f s; validation RMSE %.1f Mbps (persistence %.1f)%n",
        index,
        name,
        result.steps(),
        result.epochs(),
        (System.nanoTime() - started) / 1e9,
        result.validation().rmse(),
        result.persistence().rmse());
    return result;
  }

  /** The failure-free history, one series per link direction. */
  static List<LinkSeries> simulateHistory(Settings s) {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(s.topology())
            .seed(s.historySeed())
            .start(s.historyStart())
            .stepLength(s.step())
            .telemetryNoise(TELEMETRY_NOISE)
            .maxSteps(s.historySteps())
            .build();
    Topology network = simulator.topology();
    int directions = network.directedLinkCount();
    long[] times = new long[s.historySteps()];
    float[][] loads = new float[directions][s.historySteps()];
    int steps = 0;
    while (simulator.hasNext()) {
      SimulationStep step = simulator.next();
      times[steps] = step.timestampMs();
      List<LinkTelemetry> telemetry = step.telemetry();
      for (int d = 0; d < directions; d++) {
        loads[d][steps] = (float) telemetry.get(d).getLoadMbps();
      }
      steps++;
    }
    List<LinkSeries> series = new ArrayList<>(directions);
    for (int d = 0; d < directions; d++) {
      series.add(
          new LinkSeries(
              network.directedLink(d).key(),
              java.util.Arrays.copyOf(times, steps),
              java.util.Arrays.copyOf(loads[d], steps)));
    }
    return series;
  }
}
