/**
 * The report of {@code ./netdrift evaluate}: turns an {@link io.netdrift.report.EvaluationRun}
 * (everything one run over a failure scenario produced) into {@code report.json}, {@code report.md}
 * and PNG plots. Plain Java, no Flink: {@link io.netdrift.report.ReportMetrics} computes, {@link
 * io.netdrift.report.JsonReport}, {@link io.netdrift.report.MarkdownReport} and {@link
 * io.netdrift.report.ReportCharts} write, {@link io.netdrift.report.ReportWriter} composes them.
 */
package io.netdrift.report;
