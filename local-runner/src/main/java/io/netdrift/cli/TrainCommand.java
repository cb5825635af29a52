package io.netdrift.cli;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelLoadException;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkLoadCsv;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./netdrift train}: trains a forecaster on a telemetry CSV (the simulator's {@code
 * link_load.csv}) split by time into train / validation / test (test last), chooses the weights on
 * validation RMSE (the starting weights included), reports test RMSE/MAPE against persistence and
 * writes a versioned model directory (SavedModel + metadata + {@code metrics.json} with the
 * validation figures, data ranges and seed). With {@code --seed} a run is reproducible on CPU;
 * without, the drawn seed is printed and written to {@code metrics.json}.
 *
 * <p>When a {@code link_status.csv} sits next to the input, its capacities become the per-link
 * normalisation scale, exactly as the stream operator normalises by capacity when serving.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a cfc|ltc|gru|mlp forecaster from link_load.csv into a model directory.")
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "cfc, ltc, gru or mlp")
  String model;

  @Option(names = "--input", required = true, description = "link_load.csv (simulator output)")
  Path input;

  @Option(names = "--out", required = true, description = "model directory to write")
  Path out;

  @Option(
      names = "--links",
      split = ",",
      description = "restrict to these directions (linkId:src>dst) or link ids; default all")
  List<String> links = List.of();

  @Option(names = "--window", defaultValue = "16", description = "history samples per row")
  int window;

  @Option(names = "--horizon", defaultValue = "1", description = "steps predicted ahead")
  int horizon;

  @Option(
      names = "--hidden",
      description = "hidden units (default 32; 16 for ltc, whose synapses cost O(hidden²))")
  Integer hidden;

  @Option(names = "--burn-in", description = "training burn-in steps (default: window)")
  Integer burnIn;

  @Option(names = "--ode-unfolds", defaultValue = "6", description = "LTC solver sub-steps")
  int odeUnfolds;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam or adabelief")
  String optimizer;

  @Option(names = "--learning-rate", defaultValue = "0.005")
  float learningRate;

  @Option(names = "--batch-size", defaultValue = "64")
  int batchSize;

  @Option(names = "--epochs", defaultValue = "30", description = "maximum epochs")
  int epochs;

  @Option(names = "--steps-per-epoch", defaultValue = "200", description = "maximum steps/epoch")
  int stepsPerEpoch;

  @Option(names = "--patience", defaultValue = "4", description = "early-stopping patience")
  int patience;

  @Option(
      names = "--validation-fraction",
      defaultValue = "0.2",
      description = "share of the time span that chooses the epoch (before the test part)")
  double validationFraction;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.2",
      description = "share of the time span held out last, only to report (0: report validation)")
  double testFraction;

  @Option(names = "--step-seconds", description = "nominal sampling step (default: median gap)")
  Float stepSeconds;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu:N")
  String device;

  @Option(
      names = "--seed",
      description =
          "seeds initialisation, shuffling and augmentation: same seed + same data = same model"
              + " on CPU (default: a random seed, printed and written to metrics.json)")
  Long seed;

  @Option(
      names = "--init",
      description =
          "warm start: continue from this model directory's weights (its architecture wins over"
              + " --model/--window/--hidden...)")
  Path init;

  @Override
  public Integer call() {
    PrintWriter outWriter =
        spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
    PrintWriter err =
        spec == null ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
    try {
      ModelKind kind = ModelKind.parse(model);
      DeviceSelection dev = DeviceSelection.parse(device);
      Set<String> filter = new LinkedHashSet<>(links);
      LinkLoadCsv.Contents contents = LinkLoadCsv.readLoads(input, filter);
      List<LinkSeries> series = contents.series();
      if (series.isEmpty()) {
        err.println(
            "error: no link rows in " + input + (filter.isEmpty() ? "" : " for --links " + filter));
        return 2;
      }
      Path statusFile = input.toAbsolutePath().resolveSibling("link_status.csv");
      Map<String, Float> capacities = LinkLoadCsv.readCapacities(statusFile);
      float step = stepSeconds != null ? stepSeconds : medianGapSeconds(series);
      int units = hidden != null ? hidden : (kind == ModelKind.LTC ? 16 : 32);
      ModelConfig config =
          new ModelConfig(
              kind,
              window,
              horizon,
              units,
              units,
              odeUnfolds,
              burnIn != null ? burnIn : window,
              step);
      TrainingConfig training =
          new TrainingConfig(
              optimizer.toLowerCase(Locale.ROOT),
              learningRate,
              batchSize,
              epochs,
              stepsPerEpoch,
              patience,
              validationFraction,
              1.5f,
              seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 31),
              testFraction);
      outWriter.printf(
          "training %s on %d link directions (%d rows, %d skipped), step %.0f s, seed %d%s, scale:"
              + " %s%n",
          kind.id(),
          series.size(),
          contents.rows(),
          contents.skippedRows(),
          step,
          training.seed(),
          seed != null ? "" : " (random; repeat with --seed " + training.seed() + ")",
          capacities.isEmpty()
              ? "training max load (no link_status.csv)"
              : "capacity from " + statusFile.getFileName());
      TrainingResult result;
      if (init != null) {
        ModelDirectory base = ModelDirectory.open(init);
        outWriter.printf(
            "warm start from %s (%s v%d)%n",
            init, base.metadata().config().kind().id(), base.metadata().modelVersion());
        result = ModelTrainer.fineTune(base, training, series, capacities, dev);
      } else {
        result = ModelTrainer.train(config, training, series, capacities, dev);
      }
      ModelDirectory written =
          ModelDirectoryWriter.write(
              out, result.metadata(), result.weights(), result.metricsJsonFields());
      outWriter.printf(
          Locale.ROOT,
          "validation (%d steps, chooses the weights): %s rmse %.3f Mbps | start %.3f Mbps |"
              + " persistence %.3f Mbps; %s%n",
          result.validation().count(),
          kind.id(),
          result.validationRmseMbps(),
          result.startValidationRmseMbps(),
          result.persistence().rmse(),
          result.keptStartingWeights()
              ? "no epoch beat the starting weights: kept them"
              : "chose epoch " + result.bestEpoch());
      outWriter.printf(
          Locale.ROOT,
          "%s (%d steps%s): %s rmse %.3f Mbps mape %.2f%% | persistence rmse %.3f Mbps"
              + " mape %.2f%%%n",
          result.reportedSplit(),
          result.reportedModel().count(),
          result.hasTest()
              ? ", " + result.ranges().test().from() + " .. " + result.ranges().test().to()
              : "; no test part, so validation is reported",
          kind.id(),
          result.reportedModel().rmse(),
          result.reportedModel().mape(),
          result.reportedPersistence().rmse(),
          result.reportedPersistence().mape());
      outWriter.printf(
          Locale.ROOT,
          "%d training steps in %d epochs, %.1f steps/s; model v%d written to %s%n",
          result.steps(),
          result.epochs(),
          result.stepsPerSecond(),
          written.metadata().modelVersion(),
          written.path());
      outWriter.flush();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | ModelLoadException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 2;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  static float medianGapSeconds(List<LinkSeries> series) {
    float[] gaps = new float[0];
    for (LinkSeries s : series) {
      float[] g = s.gapSeconds();
      if (g.length > 1) {
        float[] more = Arrays.copyOf(gaps, gaps.length + g.length - 1);
        System.arraycopy(g, 1, more, gaps.length, g.length - 1);
        gaps = more;
      }
    }
    if (gaps.length == 0) {
      return 60f;
    }
    Arrays.sort(gaps);
    return Math.max(gaps[gaps.length / 2], 1e-3f);
  }
}
