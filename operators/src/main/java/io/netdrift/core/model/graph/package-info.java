/** TensorFlow graph builders (TF Java): forward passes, AdaBelief, SavedModel export. */
package io.netdrift.core.model.graph;
