package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard check without a cluster: the PromQL parser finds the selectors, matchers and
 * grouping labels of the queries a dashboard uses, and the check fails on a metric, a label or a
 * series the scrape lacks (so {@code PrometheusScrapeITCase} can fail).
 */
class DashboardQueriesTest {
  private static final String SCRAPE =
      """
      # HELP flink_taskmanager_job_task_operator_strategy_rollingRmseMbps rollingRmseMbps
      # TYPE flink_taskmanager_job_task_operator_strategy_rollingRmseMbps gauge
      flink_taskmanager_job_task_operator_strategy_rollingRmseMbps{job_name="demo",strategy="liquid",subtask_index="0",} 12.5
      flink_taskmanager_job_task_operator_strategy_rollingRmseMbps{job_name="demo",strategy="persistence",subtask_index="0",} NaN
      flink_taskmanager_job_task_operator_strategy_event_adaptationEvents{strategy="liquid",event="MODEL_SWAPPED",} 3.0
      flink_taskmanager_job_task_operator_predictionsOut{job_name="demo",operator_name="forecast \\"x\\"",} 1234.0
      """;

  private static List<String> missing(String expr, String legend) throws Exception {
    String json =
        "{\"panels\": [{\"title\": \"p\", \"targets\": [{\"expr\": "
            + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(expr)
            + ", \"legendFormat\": \""
            + legend
            + "\"}]}]}";
    return DashboardQueries.missingIn(
        DashboardQueries.parse("test.json", json), PrometheusScrape.parse(SCRAPE));
  }

  @Test
  void theParserFindsSelectorsMatchersAndGroupingLabels() {
    PromQl.Query q =
        PromQl.parse(
            "sum by (strategy, event) (increase(flink_a{event=~\"DRIFT_.*\", strategy!=\"x\"}[5m]))"
                + " / on (strategy) group_left sum by (strategy) (rate(flink_b[1m] offset 5m))"
                + " > bool 0");
    assertThat(q.selectors())
        .extracting(PromQl.Selector::metric)
        .containsExactly("flink_a", "flink_b");
    PromQl.Selector a = q.selectors().get(0);
    assertThat(a.matchers())
        .containsExactly(
            new PromQl.Matcher("event", "=~", "DRIFT_.*"),
            new PromQl.Matcher("strategy", "!=", "x"));
    assertThat(a.requiredLabels()).containsExactlyInAnyOrder("strategy", "event");
    assertThat(q.selectors().get(1).requiredLabels()).containsExactly("strategy");
    assertThat(q.resultLabels()).isNull(); // a binary expression

    PromQl.Query grouped = PromQl.parse("max(flink_c) by (host)");
    assertThat(grouped.resultLabels()).isEqualTo(Set.of("host"));
    assertThat(PromQl.parse("avg(flink_c)").resultLabels()).isEmpty();
    assertThat(PromQl.parse("topk(3, flink_c)").selectors())
        .extracting(PromQl.Selector::metric)
        .containsExactly("flink_c");
    assertThat(PromQl.parse("{__name__=\"flink_d\", a=\"b\"}").selectors().get(0).metric())
        .isEqualTo("flink_d");
  }

  @Test
  void malformedQueriesAreErrorsNotPasses() {
    assertThatThrownBy(() -> PromQl.parse("sum by (strategy (flink_a)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position");
    assertThatThrownBy(() -> PromQl.parse("rate(flink_a[5m]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromQl.parse("flink_a{strategy~\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromQl.parse("1 + 2")).hasMessageContaining("no series selector");
  }

  @Test
  void queriesTheScrapeAnswersPass() throws Exception {
    assertThat(
            missing(
                "avg by (strategy) (flink_taskmanager_job_task_operator_strategy_rollingRmseMbps)",
                "{{strategy}}"))
        .isEmpty();
    assertThat(
            missing(
                "sum by (strategy) (increase(flink_taskmanager_job_task_operator_strategy_event_adaptationEvents{event=~\"MODEL_SWAPPED|ROLLBACK\"}[5m]))",
                "{{strategy}}"))
        .isEmpty();
    assertThat(missing("sum(rate(flink_taskmanager_job_task_operator_predictionsOut[1m]))", ""))
        .isEmpty();
  }

  @Test
  void aMissingMetricFails() throws Exception {
    assertThat(missing("sum(rate(flink_taskmanager_job_task_operator_predictions[1m]))", ""))
        .containsExactly(
            "test.json: panel 'p' `sum(rate(flink_taskmanager_job_task_operator_predictions[1m]))`:"
                + " no metric flink_taskmanager_job_task_operator_predictions");
  }

  @Test
  void aMissingLabelOrSeriesFails() throws Exception {
    // grouped by a label the series do not carry
    assertThat(
            missing(
                "avg by (lane) (flink_taskmanager_job_task_operator_strategy_rollingRmseMbps)", ""))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .endsWith("has no label lane (grouped or matched on)");
    // a matcher on a label that does not exist
    assertThat(missing("flink_taskmanager_job_task_operator_predictionsOut{lane=\"liquid\"}", ""))
        .anySatisfy(p -> assertThat(p).endsWith("has no label lane"));
    // a value no series has
    assertThat(
            missing(
                "flink_taskmanager_job_task_operator_strategy_event_adaptationEvents{event=\"SWAPPED\"}",
                ""))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("has no series matching");
    // the legend names a label the aggregation dropped
    assertThat(
            missing(
                "sum(flink_taskmanager_job_task_operator_strategy_rollingRmseMbps)",
                "{{strategy}}"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .endsWith("the legend names strategy, which the aggregation does not keep");
  }

  /**
   * docker/: Prometheus scrapes the reporter's port on the Flink services of the compose file, and
   * Grafana reads that Prometheus.
   */
  @Test
  void theDockerPrometheusScrapesTheReporterTheComposeFileConfigures() throws Exception {
    String compose = Files.readString(RepositoryFiles.path("docker/docker-compose.yml"));
    String prometheus = Files.readString(RepositoryFiles.path("docker/prometheus.yml"));
    String datasource =
        Files.readString(
            RepositoryFiles.path("docker/grafana/provisioning/datasources/prometheus.yml"));
    assertThat(compose)
        .contains(
            "metrics.reporter.prom.factory.class:"
                + " org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    Matcher port = Pattern.compile("metrics\\.reporter\\.prom\\.port: (\\d+)").matcher(compose);
    assertThat(port.find()).isTrue();
    Matcher targets = Pattern.compile("targets: \\[(.*)]").matcher(prometheus);
    assertThat(targets.find()).isTrue();
    List<String> hosts = new java.util.ArrayList<>();
    for (String target : targets.group(1).split(",")) {
      String[] hostPort = target.trim().replace("\"", "").split(":");
      assertThat(hostPort[1]).as(target).isEqualTo(port.group(1));
      hosts.add(hostPort[0]);
    }
    assertThat(hosts).containsExactlyInAnyOrder("jobmanager", "taskmanager");
    for (String host : hosts) {
      assertThat(compose).contains("\n  " + host + ":\n");
    }
    assertThat(compose).contains("\n  prometheus:\n");
    assertThat(datasource).contains("url: http://prometheus:9090");
    assertThat(compose).contains(":9090:9090");
  }

  @Test
  void theScrapeParserReadsLabelsEscapesAndSpecialValues() {
    PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);
    assertThat(scrape.samples()).hasSize(4);
    assertThat(scrape.of("flink_taskmanager_job_task_operator_predictionsOut").get(0).labels())
        .containsEntry("operator_name", "forecast \"x\"");
    assertThat(
            scrape
                .of("flink_taskmanager_job_task_operator_strategy_rollingRmseMbps")
                .get(1)
                .value())
        .isNaN();
  }
}
