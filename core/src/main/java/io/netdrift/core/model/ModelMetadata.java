package io.netdrift.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a model directory says about its model ({@code model.properties}): architecture, the
 * normalisation contract, the training data range and links, the training run and its metrics.
 *
 * <p>Normalisation contract: the model sees {@code load / scale}. Serving passes {@code
 * ForecastBatch.scaleMbps} (the link direction's capacity). Training derives a scale per link from
 * its training range ({@code max load × U(1, scaleAugmentation)}, re-drawn per window, so the model
 * does not depend on the exact scale); {@link #linkScales} keeps the base scale per link for
 * callers without capacities.
 */
public record ModelMetadata(
    int formatVersion,
    long modelVersion,
    ModelConfig config,
    String optimizer,
    Instant trainedAt,
    Instant trainingFrom,
    Instant trainingTo,
    Instant validationTo,
    Map<String, Float> linkScales,
    long trainingSteps,
    double trainingStepsPerSecond,
    ForecastMetrics validation,
    ForecastMetrics persistence) {

  public static final int FORMAT_VERSION = 1;
  public static final String NORMALISATION = "load_mbps / scale_mbps (serving: capacity)";

  /** The same metadata with another model version. */
  public ModelMetadata withModelVersion(long version) {
    return new ModelMetadata(
        formatVersion,
        version,
        config,
        optimizer,
        trainedAt,
        trainingFrom,
        trainingTo,
        validationTo,
        linkScales,
        trainingSteps,
        trainingStepsPerSecond,
        validation,
        persistence);
  }

  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("format.version", Integer.toString(formatVersion));
    p.setProperty("model.version", Long.toString(modelVersion));
    config.writeTo(p);
    p.setProperty(
        "model.inputs",
        "x[B,window,4]=load/scale,gap/stepSeconds,sin(tod),cos(tod);"
            + " dt[B,window]=gap/stepSeconds; h_in[B,hidden]");
    p.setProperty("model.outputs", "y[B,horizon]=load/scale; h_out[B,hidden]");
    p.setProperty("normalisation", NORMALISATION);
    p.setProperty("training.optimizer", optimizer);
    p.setProperty("training.trainedAt", trainedAt.toString());
    p.setProperty("training.from", trainingFrom.toString());
    p.setProperty("training.to", trainingTo.toString());
    p.setProperty("training.validationTo", validationTo.toString());
    p.setProperty("training.steps", Long.toString(trainingSteps));
    p.setProperty("training.stepsPerSecond", Double.toString(trainingStepsPerSecond));
    p.setProperty("training.links", String.join(",", linkScales.keySet()));
    linkScales.forEach((k, v) -> p.setProperty("scale." + k, Float.toString(v)));
    p.setProperty("metrics.model.rmse", Double.toString(validation.rmse()));
    p.setProperty("metrics.model.mape", Double.toString(validation.mape()));
    p.setProperty("metrics.persistence.rmse", Double.toString(persistence.rmse()));
    p.setProperty("metrics.persistence.mape", Double.toString(persistence.mape()));
    p.setProperty("metrics.count", Long.toString(validation.count()));
    return p;
  }

  /**
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static ModelMetadata fromProperties(Properties p) {
    int format = Integer.parseInt(req(p, "format.version"));
    if (format != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "format.version " + format + " is not supported (expected " + FORMAT_VERSION + ")");
    }
    Map<String, Float> scales = new LinkedHashMap<>();
    String links = p.getProperty("training.links", "");
    List<String> ids = new ArrayList<>();
    for (String l : links.split(",")) {
      if (!l.isBlank()) {
        ids.add(l.trim());
      }
    }
    for (String id : ids) {
      scales.put(id, Float.parseFloat(req(p, "scale." + id)));
    }
    long count = Long.parseLong(p.getProperty("metrics.count", "0"));
    return new ModelMetadata(
        format,
        Long.parseLong(req(p, "model.version")),
        ModelConfig.readFrom(p),
        req(p, "training.optimizer"),
        Instant.parse(req(p, "training.trainedAt")),
        Instant.parse(req(p, "training.from")),
        Instant.parse(req(p, "training.to")),
        Instant.parse(req(p, "training.validationTo")),
        scales,
        Long.parseLong(req(p, "training.steps")),
        Double.parseDouble(p.getProperty("training.stepsPerSecond", "NaN")),
        new ForecastMetrics(
            Double.parseDouble(req(p, "metrics.model.rmse")),
            Double.parseDouble(req(p, "metrics.model.mape")),
            count),
        new ForecastMetrics(
            Double.parseDouble(req(p, "metrics.persistence.rmse")),
            Double.parseDouble(req(p, "metrics.persistence.mape")),
            count));
  }

  private static String req(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing key '" + key + "'");
    }
    return v.trim();
  }
}
