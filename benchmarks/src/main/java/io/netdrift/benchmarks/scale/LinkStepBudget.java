package io.netdrift.benchmarks.scale;

/**
 * About the same work for every network size: {@code linkSteps} link-steps in all, so fewer steps
 * for more link directions, but at least {@code minSteps} (the failure at a third and the repair at
 * two thirds need some steps around them).
 */
record LinkStepBudget(long linkSteps, int minSteps) {
  LinkStepBudget {
    if (minSteps < 4 || linkSteps < 1) {
      throw new IllegalArgumentException("need --min-steps >= 4 and --link-steps >= 1");
    }
  }

  /**
   * Steps to simulate for a network of {@code directions} link directions (one more is untimed).
   */
  int stepsFor(int directions) {
    return (int) Math.max(minSteps, linkSteps / directions) + 1;
  }
}
