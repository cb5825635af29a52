/**
 * TensorFlow native bootstrap (offline, extracted once), device selection and resolution, and the
 * choice of serving engine.
 */
package io.netdrift.core.model.runtime;
