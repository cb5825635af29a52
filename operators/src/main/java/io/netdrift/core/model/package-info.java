/**
 * Neural link-load forecasters on TensorFlow: CfC and LTC liquid cells, GRU and MLP, trained in the
 * JVM with TF Java graphs and served through DJL. Entry points: {@link
 * io.netdrift.core.model.ModelRegistry#load} (serving, returns a {@code BatchForecaster}) and
 * {@link io.netdrift.core.model.training.ModelTrainer#train} + {@link
 * io.netdrift.core.model.ModelDirectory#write} (training). No Flink imports here.
 */
package io.netdrift.core.model;
