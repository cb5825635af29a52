/**
 * What a neural link-load forecaster is, in plain Java (no TensorFlow, no Flink): its architecture
 * and configuration (CfC and LTC liquid cells, GRU, MLP), named weights, metadata, feature
 * encoding, error metrics, and the versioned model directory as read by serving. The TensorFlow
 * layers sit above it and depend on it, never the reverse: {@code graph} (graphs, SavedModel
 * export, {@link io.netdrift.core.model.graph.ModelDirectoryWriter}), {@code serving} ({@link
 * io.netdrift.core.model.serving.ModelRegistry}), {@code training} ({@link
 * io.netdrift.core.model.training.ModelTrainer}); {@code runtime} loads the natives.
 */
package io.netdrift.core.model;
