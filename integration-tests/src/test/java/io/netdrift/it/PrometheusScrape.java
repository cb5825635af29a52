package io.netdrift.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of a Prometheus endpoint, parsed from the text exposition format (version 0.0.4, what
 * Flink's reporter serves): every sample with its metric name, labels and value, and the text.
 */
record PrometheusScrape(String text, List<Sample> samples) {

  /** One line {@code name{label="value",...} value}. */
  record Sample(String metric, Map<String, String> labels, double value) {}

  /** GETs {@code url} and parses the answer. */
  static PrometheusScrape fetch(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(2_000);
    connection.setReadTimeout(10_000);
    try {
      if (connection.getResponseCode() != 200) {
        throw new IOException(url + " answered HTTP " + connection.getResponseCode());
      }
      return parse(new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      connection.disconnect();
    }
  }

  static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      samples.add(sample(line));
    }
    return new PrometheusScrape(text, List.copyOf(samples));
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String metric;
    int rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      metric = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq).trim();
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // past ="
        while (line.charAt(j) != '"') {
          char c = line.charAt(j++);
          if (c == '\\') {
            char escaped = line.charAt(j++);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else {
      metric = line.substring(0, space);
      rest = space;
    }
    String[] valueAndTime = line.substring(rest).trim().split("\\s+");
    return new Sample(metric, Map.copyOf(labels), parseValue(valueAndTime[0]));
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  /** The samples of one metric. */
  List<Sample> of(String metric) {
    return samples.stream().filter(s -> s.metric().equals(metric)).toList();
  }

  /**
   * What {@code query} finds missing in this scrape, one sentence each (empty: every selector
   * matches a series that has every label the query groups, matches or names in its legend).
   */
  List<String> missingFor(PromQl.Query query, List<String> legendLabels) {
    List<String> missing = new ArrayList<>();
    for (PromQl.Selector selector : query.selectors()) {
      List<Sample> series = of(selector.metric());
      if (series.isEmpty()) {
        missing.add("no metric " + selector.metric());
        continue;
      }
      for (PromQl.Matcher m : selector.matchers()) {
        boolean negative = m.op().startsWith("!");
        if (!negative && series.stream().noneMatch(s -> s.labels().containsKey(m.label()))) {
          missing.add(selector.metric() + " has no label " + m.label());
        }
      }
      List<Sample> selected =
          series.stream()
              .filter(
                  s ->
                      selector.matchers().stream()
                          .allMatch(m -> m.matches(s.labels().get(m.label()))))
              .toList();
      if (selected.isEmpty()) {
        missing.add(selector.metric() + " has no series matching " + selector.matchers());
        continue;
      }
      for (String label : selector.requiredLabels()) {
        if (selected.stream().noneMatch(s -> s.labels().containsKey(label))) {
          missing.add(selector.metric() + " has no label " + label + " (grouped or matched on)");
        }
      }
      if (query.resultLabels() == null) {
        for (String label : legendLabels) {
          if (selected.stream().noneMatch(s -> s.labels().containsKey(label))) {
            missing.add(selector.metric() + " has no label " + label + " (named in the legend)");
          }
        }
      }
    }
    if (query.resultLabels() != null) {
      for (String label : legendLabels) {
        if (!query.resultLabels().contains(label)) {
          missing.add("the legend names " + label + ", which the aggregation does not keep");
        }
      }
    }
    return missing;
  }
}
