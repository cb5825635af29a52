package io.netdrift.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes {@code report.json}: {@code run} (the run facts and the failures with their most affected
 * links), {@code strategies} (per lane: the phases, adaptation counts and ratios) and {@code
 * verdicts}. Times are ISO-8601 UTC; a value that is undefined (NaN, infinite, a repair that never
 * came, a lane that did not recover) is {@code null}, never NaN, so any JSON parser reads the file.
 */
final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static void write(Report report, Path file) throws IOException {
    Files.writeString(file, MAPPER.writeValueAsString(toJson(report)) + "\n");
  }

  static ObjectNode toJson(Report report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("run", run(report));
    ObjectNode strategies = root.putObject("strategies");
    report.lanes().forEach((lane, summary) -> strategies.set(lane, lane(summary)));
    ObjectNode verdicts = root.putObject("verdicts");
    for (Verdict verdict : report.verdicts().all()) {
      ObjectNode node = verdicts.putObject(verdict.name());
      node.put("passed", verdict.passed());
      node.put("outcome", verdict.outcome().name());
      node.put("threshold", verdict.threshold());
      node.put("reference", verdict.reference());
      ObjectNode ratios = node.putObject("ratios");
      verdict.ratios().forEach(ratios::put);
      node.put("sentence", verdict.sentence());
    }
    root.put("allVerdictsMet", report.verdicts().noneMissed());
    replaceNonFiniteNumbers(root);
    return root;
  }

  private static ObjectNode run(Report report) {
    RunInfo info = report.run().info();
    ObjectNode run = MAPPER.createObjectNode();
    run.put("topology", info.topology());
    run.put("nodes", info.nodes());
    run.put("linkDirections", info.linkDirections());
    run.put("traffic", info.traffic());
    run.put("failuresSource", info.failuresSource());
    run.put("steps", info.steps());
    run.put("stepSeconds", info.stepSeconds());
    long[] times = report.run().stepTimesMs();
    run.put("firstStep", times.length == 0 ? null : Instant.ofEpochMilli(times[0]).toString());
    run.put(
        "lastStep",
        times.length == 0 ? null : Instant.ofEpochMilli(times[times.length - 1]).toString());
    run.set(
        "baseModels",
        info.baseModels() == null
            ? MAPPER.createObjectNode()
            : MAPPER.valueToTree(info.baseModels()));
    run.put("telemetryRecords", info.telemetryRecords());
    run.put("predictionRecords", info.predictionRecords());
    run.put("deadLetters", info.deadLetters());
    run.put("wallSeconds", info.wallSeconds());
    ArrayNode lanes = run.putArray("lanes");
    report.run().lanes().forEach(lanes::add);
    ArrayNode failures = run.putArray("failures");
    for (FailureImpact impact : report.failures()) {
      Failure failure = impact.failure();
      ObjectNode node = failures.addObject();
      node.put("element", failure.element());
      node.put("failureTime", Instant.ofEpochMilli(failure.failureTimeMs()).toString());
      node.put(
          "repairTime",
          failure.repaired() ? Instant.ofEpochMilli(failure.repairTimeMs()).toString() : null);
      ArrayNode links = node.putArray("mostAffectedLinks");
      for (AffectedLink link : impact.mostAffectedLinks()) {
        ObjectNode linkNode = links.addObject();
        linkNode.put("link", link.link());
        linkNode.put("meanLoadBeforeMbps", round(link.meanLoadBeforeMbps()));
        linkNode.put("meanLoadAfterMbps", round(link.meanLoadAfterMbps()));
        linkNode.put("changeMbps", round(link.changeMbps()));
      }
    }
    return run;
  }

  private static ObjectNode lane(LaneSummary lane) {
    ObjectNode node = MAPPER.createObjectNode();
    node.set("beforeFailure", phase(lane.beforeFailure()));
    ObjectNode afterFailure = phase(lane.afterFailure());
    afterFailure.put("worstRollingRmseMbps", round(lane.worstRollingRmseMbps()));
    afterFailure.put("recoverySteps", lane.recovered() ? lane.recoverySteps() : null);
    node.set("afterFailure", afterFailure);
    node.set("afterRepair", phase(lane.afterRepair()));
    node.set("overall", phase(lane.overall()));
    AdaptationCounts adaptation = lane.adaptation();
    node.put("retrains", adaptation.retrains());
    node.put("meanRetrainMillis", round(adaptation.meanRetrainMillis()));
    node.put("modelSwaps", adaptation.modelSwaps());
    node.put("rejectedRetrains", adaptation.rejectedRetrains());
    node.put("rollbacks", adaptation.rollbacks());
    node.put("modelVersions", adaptation.maxModelVersion());
    node.put("vsPersistenceAfterFailure", round(lane.vsPersistenceAfterFailure()));
    node.put("vsStaticAfterFailure", round(lane.vsStaticAfterFailure()));
    return node;
  }

  private static ObjectNode phase(PhaseSummary phase) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("rmseMbps", round(phase.rmseMbps()));
    node.put("mapePercent", round(phase.mapePercent()));
    node.put("rmseVsExpectedMbps", round(phase.rmseVsExpectedMbps()));
    node.put("predictions", phase.predictions());
    return node;
  }

  /** Four decimals are plenty for Mbps, percentages and ratios; null when undefined. */
  private static Double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : null;
  }

  /** Any NaN or infinity left (a free-form baseModels value, a ratio) becomes null. */
  private static void replaceNonFiniteNumbers(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (isNonFinite(field.getValue())) {
          field.setValue(object.nullNode());
        } else {
          replaceNonFiniteNumbers(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (isNonFinite(array.get(i))) {
          array.set(i, array.nullNode());
        } else {
          replaceNonFiniteNumbers(array.get(i));
        }
      }
    }
  }

  private static boolean isNonFinite(JsonNode node) {
    return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue());
  }
}
