/**
 * The TensorFlow natives, shared by TF Java (training) and DJL's TensorFlow engine (serving):
 * extracted once, offline, and loaded before either engine touches them.
 */
package io.netdrift.core.model.natives;
