package io.netdrift.core.model.training;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_UpdateEdge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * Sums the gradient contributions of every gradient {@code AddN} in one canonical order, so that a
 * seeded training repeats bit for bit across processes.
 *
 * <p>Why: TensorFlow's gradient builder ({@code Graph.addGradients}) walks the graph in an order
 * that depends on native pointer hashes, so it creates the gradient nodes in a different order in
 * every process. A weight shared by the unrolled steps of a recurrent model, or a hidden state read
 * by several ops, gets its gradient as an {@code AddN} of many contributions, and the order of its
 * inputs follows that creation order. Floating-point addition is not associative: a different order
 * rounds differently in the last bits, and over hundreds of Adam steps the models differ in the
 * sixth digit (measured: a GRU and a CfC differed after the first step in every process; the MLP,
 * with no shared sums, did not).
 *
 * <p>The canonical order: every gradient node gets a structural signature, a hash of its op type,
 * attributes and its inputs' signatures (nodes outside the gradient scope are named by our own code
 * in a fixed order and sign with their names). The graph is the same up to the names of the
 * gradient nodes in every process, so the signatures are too; the inputs of each {@code AddN} are
 * sorted by signature and output index and rewired in place ({@code TF_UpdateEdge}) before the
 * session exists. Two inputs with equal signatures compute the same value, so their order cannot
 * matter.
 */
final class GradientSumOrder {

  private GradientSumOrder() {}

  /**
   * Replaces every {@code AddN} whose name starts with {@code scope} by a chain of two-input adds
   * in canonical order, and points its consumers at the chain's end.
   *
   * @return how many sums were replaced
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int canonicalise(Graph graph, String scope) {
    List<NodeDef> graphOrder = graph.toGraphDef().getNodeList();
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef n : graphOrder) {
      nodes.put(n.getName(), n);
    }
    Map<String, String> signatures = signatures(nodes, scope);
    // consumers of every output, as (consumer, data input index)
    Map<String, List<Map.Entry<String, Integer>>> consumers = new HashMap<>();
    for (NodeDef n : nodes.values()) {
      int index = 0;
      for (String in : n.getInputList()) {
        if (in.startsWith("^")) {
          continue;
        }
        consumers
            .computeIfAbsent(nodeName(in) + ":" + port(in), k -> new ArrayList<>())
            .add(Map.entry(n.getName(), index++));
      }
    }
    List<NodeDef> sums = new ArrayList<>();
    for (NodeDef n : graphOrder) {
      if (n.getOp().equals("AddN") && n.getName().startsWith(scope)) {
        sums.add(n);
      }
    }
    // graph order is topological: a sum that feeds another is replaced first, and the second's
    // chain reads the first's chain (the order of creation only names the new nodes)
    Map<String, Operand<?>> replaced = new HashMap<>();
    Ops tf = Ops.create(graph).withSubScope("ordered_sums");
    TF_Graph handle = nativeHandle(graph);
    for (NodeDef n : sums) {
      List<String> inputs = new ArrayList<>();
      for (String in : n.getInputList()) {
        if (!in.startsWith("^")) {
          inputs.add(in);
        }
      }
      inputs.sort(
          Comparator.comparing((String in) -> signatures.get(nodeName(in)))
              .thenComparingInt(GradientSumOrder::port));
      Operand acc = input(graph, inputs.get(0), replaced);
      for (int i = 1; i < inputs.size(); i++) {
        acc = tf.math.add(acc, input(graph, inputs.get(i), replaced));
      }
      replaced.put(n.getName(), acc);
      GraphOperation end = (GraphOperation) acc.op();
      for (Map.Entry<String, Integer> c : consumers.getOrDefault(n.getName() + ":0", List.of())) {
        GraphOperation consumer = (GraphOperation) graph.operation(c.getKey());
        TF_Status status = TF_Status.newStatus();
        try {
          TF_Output from =
              new TF_Output().oper(end.getUnsafeNativeHandle()).index(acc.asOutput().index());
          TF_Input to = new TF_Input().oper(consumer.getUnsafeNativeHandle()).index(c.getValue());
          TF_UpdateEdge(handle, from, to, status);
          status.throwExceptionIfNotOK();
        } finally {
          status.delete();
        }
      }
    }
    return sums.size();
  }

  private static Operand<?> input(Graph graph, String input, Map<String, Operand<?>> replaced) {
    Operand<?> chain = replaced.get(nodeName(input));
    return chain != null ? chain : graph.operation(nodeName(input)).output(port(input));
  }

  /** Signature of every node; iterative post-order, the unrolled graphs are thousands deep. */
  static Map<String, String> signatures(Map<String, NodeDef> nodes, String scope) {
    Map<String, String> sig = new HashMap<>();
    MessageDigest md = sha256();
    for (String root : nodes.keySet()) {
      Deque<String> stack = new ArrayDeque<>();
      stack.push(root);
      while (!stack.isEmpty()) {
        String name = stack.peek();
        if (sig.containsKey(name)) {
          stack.pop();
          continue;
        }
        NodeDef n = nodes.get(name);
        if (n == null || !name.startsWith(scope)) {
          sig.put(name, "name:" + name);
          stack.pop();
          continue;
        }
        boolean ready = true;
        for (String in : n.getInputList()) {
          String src = nodeName(in);
          if (!sig.containsKey(src)) {
            stack.push(src);
            ready = false;
          }
        }
        if (!ready) {
          continue;
        }
        List<String> parts = new ArrayList<>();
        for (String in : n.getInputList()) {
          parts.add((in.startsWith("^") ? "^" : "") + sig.get(nodeName(in)) + ':' + port(in));
        }
        if (n.getOp().equals("AddN")) {
          // a sum's value does not depend on its input order, which follows creation order: nor
          // may its signature, or every node after it would differ between processes
          java.util.Collections.sort(parts);
        }
        StringBuilder b = new StringBuilder(n.getOp());
        for (String part : parts) {
          b.append('|').append(part);
        }
        for (Map.Entry<String, AttrValue> a : new TreeMap<>(n.getAttrMap()).entrySet()) {
          b.append('|')
              .append(a.getKey())
              .append('=')
              .append(HexFormat.of().formatHex(a.getValue().toByteArray()));
        }
        md.reset();
        sig.put(
            name,
            HexFormat.of().formatHex(md.digest(b.toString().getBytes(StandardCharsets.UTF_8))));
        stack.pop();
      }
    }
    return sig;
  }

  private static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.lastIndexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  private static int port(String input) {
    if (input.startsWith("^")) {
      return -1;
    }
    int colon = input.lastIndexOf(':');
    return colon < 0 ? 0 : Integer.parseInt(input.substring(colon + 1));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** TF Java 1.0 keeps the graph's native handle private; the edge update needs it. */
  private static TF_Graph nativeHandle(Graph graph) {
    try {
      java.lang.reflect.Field f = Graph.class.getDeclaredField("nativeHandle");
      f.setAccessible(true);
      return (TF_Graph) f.get(graph);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "TensorFlow Java changed: Graph.nativeHandle not found (needed to order gradient sums)",
          e);
    }
  }
}
