/** In-JVM training on TF Java graphs: windows, mini-batches, early stopping, metrics. */
package io.netdrift.core.model.training;
