/**
 * Model benchmarks: rows per second of a prediction step per batch size against the plain-Java
 * reference, the per-call cost of DJL serving against a TF Java session, training steps per second,
 * and a replay of simulator data through the served model (see docs/models.md).
 */
package io.netdrift.benchmarks.model;
