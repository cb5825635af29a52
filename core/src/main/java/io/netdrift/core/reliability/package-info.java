/** Reliability aids in plain Java: fault injection for chaos tests of the forecast path. */
package io.netdrift.core.reliability;
