/** Plain-Java reference implementations of the model equations (tests and benchmarks). */
package io.netdrift.core.model.reference;
