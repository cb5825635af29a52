/**
 * Runtime choices, as plain values: the device a model runs on (parsed and resolved against the
 * GPUs a machine shows) and the serving engine. The TensorFlow natives themselves are loaded by
 * {@code io.netdrift.core.model.natives.TensorFlowRuntime} in the models module.
 */
package io.netdrift.core.model.runtime;
