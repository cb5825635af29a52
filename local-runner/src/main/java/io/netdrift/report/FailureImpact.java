package io.netdrift.report;

import java.util.List;

/** A failure and the link directions it changed most, largest change first. */
public record FailureImpact(Failure failure, List<AffectedLink> mostAffectedLinks) {}
