package io.netdrift.core.model.runtime;

import java.util.Locale;

/**
 * Which runtime serves a SavedModel: {@link #DJL} (DJL's TensorFlow engine, the default) or {@link
 * #TF_JAVA} (a plain TF Java session on the same natives). Both compute the same outputs from the
 * same model directory at about the same cost per call ({@code
 * benchmarks/results/serving-djl-vs-session.md}).
 */
public enum ServingEngine {
  DJL,
  TF_JAVA;

  /** Parses {@code djl} or {@code tf-java} / {@code tfjava} (case-insensitive). */
  public static ServingEngine parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    if (t.equals("djl")) {
      return DJL;
    }
    if (t.equals("tfjava")) {
      return TF_JAVA;
    }
    throw new IllegalArgumentException("serving engine must be djl or tf-java, was '" + s + "'");
  }
}
