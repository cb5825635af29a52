/**
 * Serving of exported SavedModels through DJL's TensorFlow engine (the default) or a TF Java
 * session: one session call per batch of link rows.
 */
package io.netdrift.core.model.serving;
