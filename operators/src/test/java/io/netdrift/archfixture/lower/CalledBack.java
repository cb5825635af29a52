package io.netdrift.archfixture.lower;

import io.netdrift.archfixture.upper.Caller;

/** Test fixture: the lower half of a deliberate package cycle ({@code ArchitectureTest}). */
public final class CalledBack {
  private CalledBack() {}

  public static int answer() {
    return Caller.constant();
  }
}
