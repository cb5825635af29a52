/**
 * Serving of exported SavedModels through DJL's TensorFlow engine (the default) or a TF Java
 * session: one session call per batch of link rows. {@link
 * io.netdrift.core.model.serving.ModelRegistry} is the entry point: it loads a model directory, or
 * builds a strategy lane's forecaster from its {@code ForecasterSpec}.
 */
package io.netdrift.core.model.serving;
