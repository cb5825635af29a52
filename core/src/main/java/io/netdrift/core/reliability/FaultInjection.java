package io.netdrift.core.reliability;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chaos testing: throws an {@link InjectedFault} at named points of the forecast path, with a
 * probability per point, up to a budget of faults per JVM, so a test (or an operator rehearsing
 * recovery) can fail the job where it hurts: while a batch is served, while a retrained version is
 * being swapped in, while a retrain is in flight. Off unless a plan is installed (job setting
 * {@code faultInjection}); a point then costs one volatile read.
 *
 * <p>A plan reads {@code point=probability[:cap],...,max=N,seed=S}, e.g. {@code
 * forecast-batch=0.02:8,model-swap=0.5,retrain=0.3,max=16,seed=7}: each point fails with its
 * probability, at most {@code cap} times (optional), and all together at most {@code max} times.
 * The budget and the counts are per JVM and survive task restarts (installing the same plan again
 * keeps them), so a job restarted after an injected fault runs on until the budget is spent, then
 * runs clean.
 */
public final class FaultInjection {
  /** Before a micro-batch is served (the forecast path). */
  public static final String FORECAST_BATCH = "forecast-batch";

  /** After a retrained version joined the serving router, before its scope switched to it. */
  public static final String MODEL_SWAP = "model-swap";

  /** Right after a retrain was handed to the background trainer. */
  public static final String RETRAIN = "retrain";

  private static final java.util.Set<String> POINTS =
      java.util.Set.of(FORECAST_BATCH, MODEL_SWAP, RETRAIN);

  /** The fault thrown at a point. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String point, int number) {
      super("injected fault #" + number + " at " + point + " (faultInjection)");
    }
  }

  private record Plan(
      String spec,
      Map<String, Double> probabilities,
      Map<String, Integer> caps,
      int max,
      Random random) {}

  private static volatile Plan plan;
  private static final AtomicInteger injected = new AtomicInteger();
  private static final Map<String, AtomicInteger> perPoint = new ConcurrentHashMap<>();

  private FaultInjection() {}

  /** Validates a plan; throws {@link IllegalArgumentException} naming what is wrong. */
  public static void validate(String spec) {
    parse(spec);
  }

  /**
   * Installs {@code spec} (blank = none). Installing the plan already installed keeps its budget
   * and counts; another plan starts from zero.
   */
  public static synchronized void install(String spec) {
    if (spec == null || spec.isBlank()) {
      return;
    }
    Plan current = plan;
    if (current != null && current.spec().equals(spec)) {
      return;
    }
    plan = parse(spec);
    injected.set(0);
    perPoint.clear();
  }

  /** Removes the plan and resets the counts. */
  public static synchronized void clear() {
    plan = null;
    injected.set(0);
    perPoint.clear();
  }

  /** Faults injected so far in this JVM, by point. */
  public static Map<String, Integer> injected() {
    Map<String, Integer> counts = new TreeMap<>();
    perPoint.forEach((point, n) -> counts.put(point, n.get()));
    return counts;
  }

  /** A point of the forecast path: throws {@link InjectedFault} if the plan draws it. */
  public static void point(String name) {
    Plan p = plan;
    if (p == null) {
      return;
    }
    Double probability = p.probabilities().get(name);
    if (probability == null) {
      return;
    }
    boolean fire;
    synchronized (p) {
      fire = p.random().nextDouble() < probability;
    }
    if (!fire) {
      return;
    }
    synchronized (FaultInjection.class) {
      AtomicInteger atPoint = perPoint.computeIfAbsent(name, k -> new AtomicInteger());
      if (injected.get() >= p.max()
          || atPoint.get() >= p.caps().getOrDefault(name, Integer.MAX_VALUE)) {
        return;
      }
      atPoint.incrementAndGet();
      throw new InjectedFault(name, injected.incrementAndGet());
    }
  }

  private static Plan parse(String spec) {
    Map<String, Double> probabilities = new TreeMap<>();
    Map<String, Integer> caps = new TreeMap<>();
    int max = Integer.MAX_VALUE;
    long seed = 1;
    for (String item : spec.split(",")) {
      String[] kv = item.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "faultInjection: expected point=probability, max=N or seed=S, not '" + item + "'");
      }
      String key = kv[0].trim();
      String value = kv[1].trim();
      try {
        switch (key) {
          case "max" -> max = Integer.parseInt(value);
          case "seed" -> seed = Long.parseLong(value);
          default -> {
            if (!POINTS.contains(key)) {
              throw new IllegalArgumentException(
                  "faultInjection: unknown point '"
                      + key
                      + "' (points: "
                      + new java.util.TreeSet<>(POINTS)
                      + ")");
            }
            String[] probabilityCap = value.split(":", 2);
            double probability = Double.parseDouble(probabilityCap[0]);
            if (probabilityCap.length == 2) {
              int cap = Integer.parseInt(probabilityCap[1]);
              if (cap < 0) {
                throw new IllegalArgumentException(
                    "faultInjection: cap of " + key + " must be >= 0, not " + cap);
              }
              caps.put(key, cap);
            }
            if (!(probability >= 0 && probability <= 1)) {
              throw new IllegalArgumentException(
                  "faultInjection: probability of " + key + " must be in [0, 1], not " + value);
            }
            probabilities.put(key, probability);
          }
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("faultInjection: not a number: '" + item + "'", e);
      }
    }
    if (max < 0) {
      throw new IllegalArgumentException("faultInjection: max must be >= 0, not " + max);
    }
    return new Plan(spec, Map.copyOf(probabilities), Map.copyOf(caps), max, new Random(seed));
  }
}
