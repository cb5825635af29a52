package io.netdrift.report;

/**
 * A link direction whose load a failure changed: mean noise-free load (measured where the
 * noise-free one is unknown) over the steps before and after the failure.
 */
public record AffectedLink(
    String link, double meanLoadBeforeMbps, double meanLoadAfterMbps, double changeMbps) {}
