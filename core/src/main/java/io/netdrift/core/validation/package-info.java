/**
 * Stateless checks of decoded input against physics and the topology; a rejection carries a stable
 * reason code for the dead-letter topic. Plain Java.
 */
package io.netdrift.core.validation;
