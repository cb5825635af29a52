package io.netdrift.core.model.graph;

import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;

/** Small TF Java helpers: weights as variables, tensors from/to float arrays, session config. */
public final class TfSupport {
  private TfSupport() {}

  /** One variable per weight, initialised (by {@code Session.initialize()}) to its values. */
  public static Map<String, Variable<TFloat32>> variables(Ops tf, ModelWeights weights) {
    Map<String, Variable<TFloat32>> vars = new LinkedHashMap<>();
    weights
        .asMap()
        .forEach(
            (name, t) ->
                vars.put(
                    name,
                    tf.withName(name)
                        .variable(
                            tf.constant(
                                Shape.of(t.shape()), DataBuffers.of(t.data(), true, false)))));
    return vars;
  }

  /** Reads the current value of every variable back into a {@link ModelWeights}. */
  public static ModelWeights fetch(
      Session session, Map<String, Variable<TFloat32>> vars, ModelWeights shapes) {
    Session.Runner runner = session.runner();
    for (Variable<TFloat32> v : vars.values()) {
      runner.fetch(v);
    }
    ModelWeights out = new ModelWeights();
    try (var result = runner.run()) {
      int i = 0;
      for (String name : vars.keySet()) {
        float[] data = new float[shapes.values(name).length];
        ((TFloat32) result.get(i++)).copyTo(DataBuffers.of(data, false, false));
        out.put(name, shapes.get(name).shape(), data);
      }
    }
    return out;
  }

  /** A float tensor over {@code data[0..prod(shape))}, copied. */
  public static TFloat32 tensor(float[] data, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false).narrow(n));
  }

  /** Copies a float tensor into {@code dst}. */
  public static void read(Tensor t, float[] dst) {
    ((TFloat32) t).copyTo(DataBuffers.of(dst, false, false).narrow(t.shape().size()));
  }

  /** System property: TensorFlow intra-op threads per session (0 = TensorFlow's default). */
  public static final String INTRA_OP_THREADS = "netdrift.tensorflow.intraOpThreads";

  /** System property: TensorFlow inter-op threads per session (0 = TensorFlow's default). */
  public static final String INTER_OP_THREADS = "netdrift.tensorflow.interOpThreads";

  /**
   * Session config pinning TensorFlow to the resolved device, with the thread pools sized by
   * {@value #INTRA_OP_THREADS} / {@value #INTER_OP_THREADS} (e.g. 1 per Flink slot).
   */
  public static ConfigProto sessionConfig(ResolvedDevice device) {
    return sessionConfig(
        device, Integer.getInteger(INTRA_OP_THREADS, 0), Integer.getInteger(INTER_OP_THREADS, 0));
  }

  /**
   * Session config pinning TensorFlow to the resolved device with the given thread pools (0 =
   * TensorFlow's default). One intra-op and one inter-op thread make every CPU kernel run its
   * reductions in one fixed order: the same inputs give bit-identical outputs (what seeded training
   * needs; multi-threaded Eigen kernels may split sums differently from run to run).
   */
  public static ConfigProto sessionConfig(
      ResolvedDevice device, int intraOpThreads, int interOpThreads) {
    ConfigProto.Builder b = ConfigProto.newBuilder().setAllowSoftPlacement(true);
    b.setIntraOpParallelismThreads(intraOpThreads);
    b.setInterOpParallelismThreads(interOpThreads);
    if (device.isGpu()) {
      b.setGpuOptions(
          GPUOptions.newBuilder()
              .setVisibleDeviceList(Integer.toString(device.gpuIndex()))
              .setAllowGrowth(true));
    } else {
      b.putDeviceCount("GPU", 0);
    }
    return b.build();
  }
}
