package io.netdrift.core.model;

import java.util.Locale;

/** The neural forecaster families netdrift trains and serves. */
public enum ModelKind {
  /** Closed-form continuous-time liquid cell (Hasani et al., Nature MI 2022). */
  CFC(true, true),
  /** Liquid time-constant cell with the fused semi-implicit solver (Hasani et al., AAAI 2021). */
  LTC(true, true),
  /** Gated recurrent unit (Cho et al. 2014), the discrete-time recurrent baseline. */
  GRU(true, false),
  /** Feed-forward network over the window, the study's incremental-learning baseline. */
  MLP(false, false);

  private final boolean recurrent;
  private final boolean continuousTime;

  ModelKind(boolean recurrent, boolean continuousTime) {
    this.recurrent = recurrent;
    this.continuousTime = continuousTime;
  }

  /** Carries per-link hidden state between calls. */
  public boolean recurrent() {
    return recurrent;
  }

  /** Takes the real gap between samples as its time input. */
  public boolean continuousTime() {
    return continuousTime;
  }

  /** Lower-case id used on the command line and in metadata ({@code cfc}, {@code ltc}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code cfc|ltc|gru|mlp} (case-insensitive). */
  public static ModelKind parse(String id) {
    for (ModelKind k : values()) {
      if (k.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("model must be one of cfc, ltc, gru, mlp; was '" + id + "'");
  }
}
