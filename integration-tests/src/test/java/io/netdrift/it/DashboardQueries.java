package io.netdrift.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL queries of the Grafana dashboards in {@code docker/grafana/dashboards/}: every target
 * of every panel (rows' nested panels included), parsed, with the labels its legend names.
 */
final class DashboardQueries {
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_]\\w*)\\s*}}");

  /** One panel target: where it is, its parsed expression and its legend's labels. */
  record Target(String where, PromQl.Query query, List<String> legendLabels) {}

  private DashboardQueries() {}

  /** The dashboards of the repository. */
  static Path dashboardDirectory() {
    return RepositoryFiles.path("docker/grafana/dashboards");
  }

  /** Every target of every {@code *.json} dashboard in {@code dir}. */
  static List<Target> read(Path dir) throws IOException {
    List<Target> targets = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        collect(file.getFileName().toString(), dashboard.path("panels"), targets);
      }
    }
    return targets;
  }

  /** Every target of one dashboard's JSON. */
  static List<Target> parse(String name, String json) throws IOException {
    List<Target> targets = new ArrayList<>();
    collect(name, new ObjectMapper().readTree(json).path("panels"), targets);
    return targets;
  }

  private static void collect(String file, JsonNode panels, List<Target> into) {
    for (JsonNode panel : panels) {
      collect(file, panel.path("panels"), into); // a collapsed row keeps its panels inside
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (expr.isBlank()) {
          continue;
        }
        List<String> legend = new ArrayList<>();
        Matcher m = LEGEND_LABEL.matcher(target.path("legendFormat").asText(""));
        while (m.find()) {
          legend.add(m.group(1));
        }
        String where = file + ": panel '" + panel.path("title").asText() + "'";
        into.add(new Target(where, PromQl.parse(expr), List.copyOf(legend)));
      }
    }
  }

  /** What the targets miss in {@code scrape}, one line each, naming the panel and query. */
  static List<String> missingIn(List<Target> targets, PrometheusScrape scrape) {
    List<String> problems = new ArrayList<>();
    for (Target target : targets) {
      for (String missing : scrape.missingFor(target.query(), target.legendLabels())) {
        problems.add(target.where() + " `" + target.query().expression() + "`: " + missing);
      }
    }
    return problems;
  }
}
