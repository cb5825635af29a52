package io.netdrift.core.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named weight tensors of a model (row-major float arrays with their shapes), in a stable order.
 * The TensorFlow graph, the plain-Java reference and the model directory's {@code weights.bin} all
 * use these names, so a model can be checked against the reference and fine-tuned again.
 */
public final class ModelWeights {
  private static final int MAGIC = 0x4e445731; // "NDW1"

  /** One weight tensor. */
  public record Tensor(long[] shape, float[] data) {
    public Tensor {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
      }
    }
  }

  private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();

  public void put(String name, long[] shape, float[] data) {
    tensors.put(name, new Tensor(shape.clone(), data));
  }

  /**
   * @throws IllegalArgumentException when the weight is missing
   */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("model has no weight '" + name + "'");
    }
    return t;
  }

  /** Values of a weight (not copied). */
  public float[] values(String name) {
    return get(name).data();
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  /** Deep copy. */
  public ModelWeights copy() {
    ModelWeights c = new ModelWeights();
    tensors.forEach((k, v) -> c.put(k, v.shape(), v.data().clone()));
    return c;
  }

  public void write(Path file) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(MAGIC);
      out.writeInt(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        out.writeUTF(e.getKey());
        long[] shape = e.getValue().shape();
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        float[] data = e.getValue().data();
        out.writeInt(data.length);
        for (float f : data) {
          out.writeFloat(f);
        }
      }
    }
  }

  /**
   * @throws IOException when the file is not a weights file or is truncated
   */
  public static ModelWeights read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a netdrift weights file (bad magic)");
      }
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        throw new IOException(file + ": implausible tensor count " + n);
      }
      ModelWeights w = new ModelWeights();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
          throw new IOException(file + ": implausible rank " + rank + " for " + name);
        }
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readLong();
        }
        int len = in.readInt();
        if (len < 0 || len > 100_000_000) {
          throw new IOException(file + ": implausible length " + len + " for " + name);
        }
        float[] data = new float[len];
        for (int j = 0; j < len; j++) {
          data[j] = in.readFloat();
        }
        try {
          w.put(name, shape, data);
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ": " + name + ": " + e.getMessage(), e);
        }
      }
      return w;
    } catch (EOFException e) {
      throw new IOException(file + " is truncated", e);
    }
  }
}
