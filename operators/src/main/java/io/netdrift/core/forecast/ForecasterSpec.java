package io.netdrift.core.forecast;

import java.io.Serializable;
import java.util.Locale;

/**
 * A serialisable recipe for one strategy lane: the strategy name written on its predictions and how
 * to build its forecaster in each parallel instance (models hold native resources and are built in
 * {@code open()}, never shipped).
 *
 * @param strategy name on the predictions, e.g. {@code persistence}
 * @param model model family to build
 * @param seasonSteps season length in steps (seasonal models)
 */
public record ForecasterSpec(String strategy, String model, int seasonSteps)
    implements Serializable {

  /** Model families known to {@link #create()}. */
  public static final String PERSISTENCE = "persistence";

  public static final String SEASONAL_NAIVE = "seasonal-naive";

  public ForecasterSpec {
    if (strategy == null || strategy.isBlank()) {
      throw new IllegalArgumentException("strategy name must not be blank");
    }
    model = model.toLowerCase(Locale.ROOT);
    if (!model.equals(PERSISTENCE) && !model.equals(SEASONAL_NAIVE)) {
      throw new IllegalArgumentException(
          "unknown model '" + model + "' (known: " + PERSISTENCE + ", " + SEASONAL_NAIVE + ")");
    }
  }

  /** A lane named after its model: {@code persistence} or {@code seasonal-naive}. */
  public static ForecasterSpec baseline(String model, int seasonSteps) {
    return new ForecasterSpec(model, model, seasonSteps);
  }

  public BatchForecaster create() {
    return switch (model) {
      case PERSISTENCE -> new PersistenceForecaster();
      case SEASONAL_NAIVE -> new SeasonalNaiveForecaster(seasonSteps);
      default -> throw new IllegalStateException("unreachable: " + model);
    };
  }
}
