package io.netdrift.core.adaptation;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.LinkForecastState;
import java.util.List;

/**
 * Champion/challenger scoring: replays each link's samples through a forecaster exactly as the
 * stream operator serves them (a {@link LinkForecastState} per link, the recurrent state carried
 * from call to call, one-step-ahead) and returns the RMSE, in Mbps, over the newest {@code
 * holdoutSteps} samples of every link. Those samples were held back from training, so a candidate
 * and the serving version are compared on data neither has been fitted to.
 */
public final class HoldoutEvaluation {
  private HoldoutEvaluation() {}

  /**
   * @param links the links' samples (replay + post-drift, oldest first)
   * @param holdoutSteps newest samples per link that are scored
   * @param stepMs nominal interval between samples, ms
   * @return RMSE in Mbps over the scored samples, or NaN when none could be scored
   */
  public static double rmseMbps(
      BatchForecaster forecaster, List<LinkSamples> links, int holdoutSteps, long stepMs) {
    int rows = links.size();
    if (rows == 0) {
      return Double.NaN;
    }
    int window = forecaster.window();
    int stateSize = forecaster.stateSize();
    ForecastBatch batch = new ForecastBatch(rows, window, stateSize, 1);
    LinkForecastState[] states = new LinkForecastState[rows];
    int longest = 0;
    for (int r = 0; r < rows; r++) {
      states[r] = LinkForecastState.create(window + 1, 1, 1, new int[] {stateSize});
      longest = Math.max(longest, links.get(r).size());
    }
    int[] rowLink = new int[rows];
    double squares = 0;
    long scored = 0;
    for (int i = 0; i < longest; i++) {
      int used = 0;
      for (int r = 0; r < rows; r++) {
        LinkSamples s = links.get(r);
        if (i >= s.size()) {
          continue;
        }
        long ts = s.timestampMs(i);
        float load = s.loadMbps(i);
        float due = states[r].takeDueForecast(0, 1, ts, stepMs);
        if (!Float.isNaN(due) && i >= s.size() - holdoutSteps) {
          double e = due - load;
          squares += e * e;
          scored++;
        }
        states[r].append(ts, load, s.capacityMbps());
        rowLink[used] = r;
        used++;
      }
      if (used == 0) {
        continue;
      }
      batch.rows = used;
      for (int u = 0; u < used; u++) {
        states[rowLink[u]].fillRow(batch, u, 0);
      }
      forecaster.forecast(batch);
      for (int u = 0; u < used; u++) {
        if (states[rowLink[u]].count < forecaster.warmUpSamples()) {
          batch.forecastPersistence(u); // as the operator serves a link still in its burn-in
        }
        states[rowLink[u]].takeForecast(batch, u, 0, stepMs);
      }
    }
    return scored == 0 ? Double.NaN : Math.sqrt(squares / scored);
  }
}
