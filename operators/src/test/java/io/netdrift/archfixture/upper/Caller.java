package io.netdrift.archfixture.upper;

import io.netdrift.archfixture.lower.CalledBack;

/** Test fixture: uses {@link CalledBack}, which uses it back (a package cycle on purpose). */
public final class Caller {
  private Caller() {}

  public static int call() {
    return CalledBack.answer() + 1;
  }

  public static int constant() {
    return 41;
  }
}
