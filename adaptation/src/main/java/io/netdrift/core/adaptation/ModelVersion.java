package io.netdrift.core.adaptation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Properties;

/**
 * One accepted model of an adaptive lane: its number, lineage and where the model store keeps it.
 * Versions are data: they are written to the {@link ModelStore} (never overwritten) and kept in the
 * operator's checkpointed state, so a restore serves what was serving.
 *
 * @param version the version number (the base model's own version for the base)
 * @param parentVersion the version it was fine-tuned from, or -1 for the base
 * @param lane the strategy lane
 * @param scope the scope it was fitted for: the routing regime (set of failed elements), or {@code
 *     base}
 * @param path the model directory
 * @param dataFromMs oldest training sample, epoch ms (-1 for the base)
 * @param dataToMs newest training sample, epoch ms (-1 for the base)
 * @param holdoutRmseMbps RMSE on the held-back samples when it was accepted (NaN for the base)
 * @param createdAtMs when it was accepted, epoch ms
 */
public record ModelVersion(
    long version,
    long parentVersion,
    String lane,
    String scope,
    String path,
    long dataFromMs,
    long dataToMs,
    double holdoutRmseMbps,
    long createdAtMs) {

  /** The scope of the base model. */
  public static final String BASE_SCOPE = "base";

  public boolean isBase() {
    return parentVersion < 0;
  }

  /** Lineage as written next to the model in the store ({@code version.properties}). */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("version", Long.toString(version));
    p.setProperty("parent", Long.toString(parentVersion));
    p.setProperty("lane", lane);
    p.setProperty("scope", scope);
    p.setProperty("data.fromMs", Long.toString(dataFromMs));
    p.setProperty("data.toMs", Long.toString(dataToMs));
    p.setProperty("holdout.rmseMbps", Double.toString(holdoutRmseMbps));
    p.setProperty("createdAtMs", Long.toString(createdAtMs));
    return p;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeLong(version);
    out.writeLong(parentVersion);
    out.writeUTF(lane);
    out.writeUTF(scope);
    out.writeUTF(path);
    out.writeLong(dataFromMs);
    out.writeLong(dataToMs);
    out.writeDouble(holdoutRmseMbps);
    out.writeLong(createdAtMs);
  }

  static ModelVersion read(DataInputStream in) throws IOException {
    return new ModelVersion(
        in.readLong(),
        in.readLong(),
        in.readUTF(),
        in.readUTF(),
        in.readUTF(),
        in.readLong(),
        in.readLong(),
        in.readDouble(),
        in.readLong());
  }
}
