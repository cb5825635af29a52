/** JMH micro-benchmarks of the drift detectors: cost of one update and of a state round trip. */
package io.netdrift.benchmarks.drift;
