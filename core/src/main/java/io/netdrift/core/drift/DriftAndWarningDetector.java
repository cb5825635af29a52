package io.netdrift.core.drift;

/**
 * A drift detector that also raises an early warning (River's {@code DriftAndWarningDetector}): a
 * warning lets the adaptation start training a background candidate model, a drift swaps it in
 * (River {@code river/drift/retrain.py}).
 */
public interface DriftAndWarningDetector extends DriftDetector {

  @Override
  DriftAndWarningDetector update(double x);

  /** Whether the last update crossed the warning level (and did not already signal a drift). */
  boolean warningDetected();
}
