package io.netdrift.it;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a PromQL expression asks of a scrape: its series selectors (metric name and label matchers)
 * and the labels its aggregations group by ({@code by (...)}) or its binary operators match on
 * ({@code on (...)}), which must exist on the series they apply to. A recursive-descent parser of
 * the PromQL grammar a Grafana dashboard uses (selectors, range vectors, functions, aggregations
 * with their grouping before or after the argument, binary operators with {@code bool}, {@code on},
 * {@code ignoring}, {@code group_left/right}, numbers, strings, {@code offset}); anything else is a
 * parse error naming the position, so a query it does not understand fails the check instead of
 * passing unread.
 */
final class PromQl {

  /** A label matcher: {@code label op "value"} with op one of =, !=, =~, !~. */
  record Matcher(String label, String op, String value) {
    boolean matches(String actual) {
      String v = actual == null ? "" : actual;
      return switch (op) {
        case "=" -> v.equals(value);
        case "!=" -> !v.equals(value);
        case "=~" -> v.matches(value);
        case "!~" -> !v.matches(value);
        default -> throw new IllegalStateException(op);
      };
    }
  }

  /**
   * A series selector, with the labels the enclosing aggregations group by and the binary operators
   * match on: every one must be on the series it selects.
   */
  record Selector(String metric, List<Matcher> matchers, Set<String> requiredLabels) {}

  /**
   * A parsed expression: its selectors, and the labels of its result when its outermost node is an
   * aggregation with {@code by (...)} (null otherwise: the result keeps the series' labels).
   */
  record Query(String expression, List<Selector> selectors, Set<String> resultLabels) {}

  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "avg",
          "min",
          "max",
          "count",
          "stddev",
          "stdvar",
          "group",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "limitk",
          "limit_ratio");

  private static final Set<String> KEYWORD_BINARY_OPS = Set.of("and", "or", "unless", "atan2");

  private final String text;
  private int pos;
  private final List<Selector> selectors = new ArrayList<>();

  private PromQl(String text) {
    this.text = text;
  }

  /** Parses {@code expression}; throws {@link IllegalArgumentException} naming what and where. */
  static Query parse(String expression) {
    PromQl parser = new PromQl(expression);
    Set<String> resultLabels = parser.expression(Set.of());
    parser.skipSpace();
    if (parser.pos != expression.length()) {
      throw parser.error("unexpected '" + expression.substring(parser.pos) + "'");
    }
    if (parser.selectors.isEmpty()) {
      throw parser.error("no series selector");
    }
    return new Query(expression, List.copyOf(parser.selectors), resultLabels);
  }

  /**
   * expr := unary (binop modifiers unary)*; returns the result labels of a lone aggregation, or
   * null.
   */
  private Set<String> expression(Set<String> required) {
    int start = selectors.size();
    Set<String> result = unary(required);
    while (true) {
      skipSpace();
      String op = binaryOperator();
      if (op == null) {
        return result;
      }
      skipSpace();
      if (peekWord("bool")) {
        word();
      }
      Set<String> matching = new LinkedHashSet<>();
      skipSpace();
      if (peekWord("on")) {
        word();
        matching.addAll(labelList());
      } else if (peekWord("ignoring")) {
        word();
        labelList();
      }
      skipSpace();
      if (peekWord("group_left") || peekWord("group_right")) {
        word();
        skipSpace();
        if (peek('(')) {
          matching.addAll(labelList());
        }
      }
      int rightStart = selectors.size();
      unary(union(required, matching));
      // on(...) labels must be on the left side's series too
      for (int i = start; i < rightStart; i++) {
        Selector s = selectors.get(i);
        selectors.set(
            i, new Selector(s.metric(), s.matchers(), union(s.requiredLabels(), matching)));
      }
      result = null;
    }
  }

  private Set<String> unary(Set<String> required) {
    skipSpace();
    if (peek('-') || peek('+')) {
      pos++;
    }
    return primary(required);
  }

  private Set<String> primary(Set<String> required) {
    skipSpace();
    if (pos >= text.length()) {
      throw error("expression ends too early");
    }
    char c = text.charAt(pos);
    Set<String> result;
    if (c == '(') {
      pos++;
      result = expression(required);
      expect(')');
    } else if (Character.isDigit(c) || c == '.') {
      number();
      result = null;
    } else if (c == '"' || c == '\'') {
      string();
      result = null;
    } else if (c == '{') {
      selector(null, required);
      result = null;
    } else if (isIdentifierStart(c)) {
      String name = word();
      skipSpace();
      if (AGGREGATIONS.contains(name)) {
        result = aggregation(required);
      } else if (peek('(')) {
        pos++;
        skipSpace();
        if (!peek(')')) {
          do {
            expression(required);
            skipSpace();
          } while (consume(','));
        }
        expect(')');
        result = null;
      } else {
        selector(name, required);
        result = null;
      }
    } else {
      throw error("unexpected '" + c + "'");
    }
    skipSpace();
    if (peek('[')) {
      rangeOrSubquery();
    }
    skipSpace();
    if (peekWord("offset")) {
      word();
      skipSpace();
      if (peek('-')) {
        pos++;
      }
      duration();
    }
    return result;
  }

  /** AGG [by|without (labels)] ( [param ,] expr ) [by|without (labels)]. */
  private Set<String> aggregation(Set<String> required) {
    Set<String> by = new LinkedHashSet<>();
    boolean grouped = grouping(by);
    expect('(');
    int start = selectors.size();
    expression(required);
    skipSpace();
    if (consume(',')) {
      // topk(5, expr), quantile(0.9, expr), count_values("label", expr): the second is the vector
      selectors.subList(start, selectors.size()).clear();
      expression(required);
    }
    expect(')');
    skipSpace();
    grouped |= grouping(by);
    for (int i = start; i < selectors.size(); i++) {
      Selector s = selectors.get(i);
      selectors.set(i, new Selector(s.metric(), s.matchers(), union(s.requiredLabels(), by)));
    }
    return grouped ? by : Set.of();
  }

  /** Reads {@code by (labels)} into {@code by}, or skips {@code without (labels)}. */
  private boolean grouping(Set<String> by) {
    skipSpace();
    if (peekWord("by")) {
      word();
      by.addAll(labelList());
      return true;
    }
    if (peekWord("without")) {
      word();
      labelList();
    }
    return false;
  }

  private void selector(String metric, Set<String> required) {
    List<Matcher> matchers = new ArrayList<>();
    skipSpace();
    if (consume('{')) {
      skipSpace();
      while (!peek('}')) {
        String label = word();
        skipSpace();
        String op;
        if (text.startsWith("=~", pos)
            || text.startsWith("!~", pos)
            || text.startsWith("!=", pos)) {
          op = text.substring(pos, pos + 2);
          pos += 2;
        } else if (consume('=')) {
          op = "=";
        } else {
          throw error("expected a label matcher operator after '" + label + "'");
        }
        skipSpace();
        String value = string();
        if (label.equals("__name__") && op.equals("=")) {
          metric = value;
        } else {
          matchers.add(new Matcher(label, op, value));
        }
        skipSpace();
        if (!consume(',')) {
          break;
        }
        skipSpace();
      }
      expect('}');
    }
    if (metric == null) {
      throw error("a selector without a metric name");
    }
    selectors.add(new Selector(metric, List.copyOf(matchers), Set.copyOf(required)));
  }

  private String binaryOperator() {
    for (String op : List.of("==", "!=", ">=", "<=", "+", "-", "*", "/", "%", "^", ">", "<")) {
      if (text.startsWith(op, pos)) {
        pos += op.length();
        return op;
      }
    }
    for (String op : KEYWORD_BINARY_OPS) {
      if (peekWord(op)) {
        return word();
      }
    }
    return null;
  }

  private Set<String> labelList() {
    Set<String> labels = new LinkedHashSet<>();
    expect('(');
    skipSpace();
    while (!peek(')')) {
      labels.add(word());
      skipSpace();
      if (!consume(',')) {
        break;
      }
      skipSpace();
    }
    expect(')');
    return labels;
  }

  /** [5m], [5m:30s] (a subquery's resolution may be empty: [5m:]). */
  private void rangeOrSubquery() {
    expect('[');
    skipSpace();
    duration();
    skipSpace();
    if (consume(':')) {
      skipSpace();
      if (!peek(']')) {
        duration();
      }
    }
    skipSpace();
    expect(']');
  }

  private void duration() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '$')) {
      pos++;
    }
    if (pos == start) {
      throw error("expected a duration");
    }
  }

  private void number() {
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
  }

  private String string() {
    if (pos >= text.length() || (text.charAt(pos) != '"' && text.charAt(pos) != '\'')) {
      throw error("expected a quoted string");
    }
    char quote = text.charAt(pos++);
    StringBuilder value = new StringBuilder();
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        char escaped = text.charAt(pos++);
        value.append(escaped == 'n' ? '\n' : escaped);
      } else {
        value.append(c);
      }
    }
    expect(quote);
    return value.toString();
  }

  private String word() {
    skipSpace();
    int start = pos;
    while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a name");
    }
    return text.substring(start, pos);
  }

  private boolean peekWord(String word) {
    skipSpace();
    return text.startsWith(word, pos)
        && (pos + word.length() == text.length()
            || !isIdentifierPart(text.charAt(pos + word.length())));
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private boolean consume(char c) {
    if (peek(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    skipSpace();
    if (!consume(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        what + " at position " + pos + " of the PromQL expression: " + text);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
