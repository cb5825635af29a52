/**
 * TensorFlow graph builders (TF Java): forward passes, AdaBelief, SavedModel export, and the writer
 * of whole model directories (which needs the export).
 */
package io.netdrift.core.model.graph;
