package io.netdrift.core.model.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * AdaBelief (Zhuang et al., "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed
 * Gradients", NeurIPS 2020, Algorithm 2): Adam with the second moment of the gradient's deviation
 * from its running mean, {@code s_t = β2 s_{t-1} + (1-β2)(g_t - m_t)² + ε}, bias-corrected, step
 * {@code α m̂_t / (√ŝ_t + ε)}. TF Java ships no AdaBelief, so this extends its {@link Optimizer}
 * with graph ops (gradients still come from TensorFlow).
 */
public final class AdaBelief extends Optimizer {
  private static final String FIRST_MOMENT = "m";
  private static final String BELIEF = "s";

  private final float learningRate;
  private final float betaOne;
  private final float betaTwo;
  private final float epsilon;
  private Variable<TFloat32> betaOnePower;
  private Variable<TFloat32> betaTwoPower;

  public AdaBelief(Graph graph, float learningRate) {
    this(graph, learningRate, 0.9f, 0.999f, 1e-16f);
  }

  public AdaBelief(Graph graph, float learningRate, float betaOne, float betaTwo, float epsilon) {
    super(graph);
    if (!(learningRate > 0) || !(betaOne >= 0 && betaOne < 1) || !(betaTwo >= 0 && betaTwo < 1)) {
      throw new IllegalArgumentException("bad AdaBelief hyper-parameters");
    }
    this.learningRate = learningRate;
    this.betaOne = betaOne;
    this.betaTwo = betaTwo;
    this.epsilon = epsilon;
  }

  @Override
  protected void createSlots(List<Output<? extends TType>> variables) {
    for (Output<? extends TType> v : variables) {
      createZeroSlot(v, FIRST_MOMENT);
      createZeroSlot(v, BELIEF);
    }
    Ops init = tf.withInitScope();
    betaOnePower = init.withName("adabelief_beta1_power").variable(Shape.scalar(), TFloat32.class);
    init.assign(betaOnePower, tf.constant(betaOne));
    betaTwoPower = init.withName("adabelief_beta2_power").variable(Shape.scalar(), TFloat32.class);
    init.assign(betaTwoPower, tf.constant(betaTwo));
  }

  @SuppressWarnings("unchecked")
  private <T extends TType> void createZeroSlot(Output<T> v, String slot) {
    Operand<T> zeros = tf.fill(tf.shape(v), tf.dtypes.cast(tf.constant(0f), v.type()));
    createSlot(v, slot, zeros);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    Output<TFloat32> g = (Output<TFloat32>) gradient;
    Output<TFloat32> var = (Output<TFloat32>) variable;
    Optional<Variable<TFloat32>> mSlot = getSlot(var, FIRST_MOMENT);
    Optional<Variable<TFloat32>> sSlot = getSlot(var, BELIEF);
    Variable<TFloat32> m = mSlot.orElseThrow();
    Variable<TFloat32> s = sSlot.orElseThrow();
    Operand<TFloat32> b1 = tf.constant(betaOne);
    Operand<TFloat32> b2 = tf.constant(betaTwo);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> eps = tf.constant(epsilon);
    Operand<TFloat32> mNew =
        tf.assign(m, tf.math.add(tf.math.mul(b1, m), tf.math.mul(tf.math.sub(one, b1), g)));
    Operand<TFloat32> deviation = tf.math.sub(g, mNew);
    Operand<TFloat32> sNew =
        tf.assign(
            s,
            tf.math.add(
                tf.math.add(
                    tf.math.mul(b2, s),
                    tf.math.mul(tf.math.sub(one, b2), tf.math.square(deviation))),
                eps));
    Operand<TFloat32> mHat = tf.math.div(mNew, tf.math.sub(one, betaOnePower));
    Operand<TFloat32> sHat = tf.math.div(sNew, tf.math.sub(one, betaTwoPower));
    Operand<TFloat32> step =
        tf.math.mul(
            tf.constant(learningRate), tf.math.div(mHat, tf.math.add(tf.math.sqrt(sHat), eps)));
    return tf.assignSub(var, step);
  }

  @Override
  protected Op finish(List<Op> updateOperations, String name) {
    List<Op> ops = new ArrayList<>(updateOperations);
    Ops deps = tf.withControlDependencies(updateOperations);
    ops.add(deps.assign(betaOnePower, tf.math.mul(betaOnePower, tf.constant(betaOne))));
    ops.add(deps.assign(betaTwoPower, tf.math.mul(betaTwoPower, tf.constant(betaTwo))));
    return super.finish(ops, name);
  }

  @Override
  public String getOptimizerName() {
    return "AdaBelief";
  }
}
