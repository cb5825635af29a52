/** TensorFlow native bootstrap (offline, extracted once) and device selection. */
package io.netdrift.core.model.runtime;
