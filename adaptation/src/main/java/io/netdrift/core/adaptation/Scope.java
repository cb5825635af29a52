package io.netdrift.core.adaptation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The links of one adaptive lane that drifted together — those a failure re-routed, under one
 * routing regime — with the version serving them, the samples collected for retraining and the
 * champion/challenger bookkeeping. Mutable; owned by the task thread of its {@link AdaptiveLane}.
 */
final class Scope {
  final String id;

  /** Whether its versions are remembered for the regime (network-announced scopes). */
  final boolean memorable;

  long servingVersion;

  /** The version replaced by the last promotion, running in shadow until the window ends; or -1. */
  long previousVersion = -1;

  /** Shadow comparison: squared errors of the serving and the previous version, and their count. */
  double servingSquares;

  double previousSquares;
  long shadowScored;

  /** A detector confirmed the drift on at least one member (incremental retrains wait for it). */
  boolean confirmed;

  boolean retrainInFlight;

  /** Retrains started so far (seeds the next one). */
  long retrains;

  /** Per member link: samples for training (replay + post-drift). */
  final Map<String, LinkSamples> samples = new LinkedHashMap<>();

  /** Per member link: samples appended since the last retrain started. */
  final Map<String, Integer> newSamples = new LinkedHashMap<>();

  Scope(String id, boolean memorable, long servingVersion) {
    this.id = id;
    this.memorable = memorable;
    this.servingVersion = servingVersion;
  }

  int mostNewSamples() {
    int most = 0;
    for (int n : newSamples.values()) {
      most = Math.max(most, n);
    }
    return most;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeUTF(id);
    out.writeBoolean(memorable);
    out.writeLong(servingVersion);
    out.writeLong(previousVersion);
    out.writeDouble(servingSquares);
    out.writeDouble(previousSquares);
    out.writeLong(shadowScored);
    out.writeBoolean(confirmed);
    out.writeBoolean(retrainInFlight);
    out.writeLong(retrains);
    out.writeInt(samples.size());
    for (Map.Entry<String, LinkSamples> e : samples.entrySet()) {
      out.writeUTF(e.getKey());
      e.getValue().write(out);
      out.writeInt(newSamples.getOrDefault(e.getKey(), 0));
    }
  }

  static Scope read(DataInputStream in) throws IOException {
    Scope s = new Scope(in.readUTF(), in.readBoolean(), in.readLong());
    s.previousVersion = in.readLong();
    s.servingSquares = in.readDouble();
    s.previousSquares = in.readDouble();
    s.shadowScored = in.readLong();
    s.confirmed = in.readBoolean();
    s.retrainInFlight = in.readBoolean();
    s.retrains = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String link = in.readUTF();
      s.samples.put(link, LinkSamples.read(in));
      s.newSamples.put(link, in.readInt());
    }
    return s;
  }
}
