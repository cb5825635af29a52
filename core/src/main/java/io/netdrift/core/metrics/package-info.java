/**
 * Continual evaluation metrics (De Lange et al. 2023): rolling RMSE and MAPE scored prediction by
 * prediction as the truth arrives. Plain Java.
 */
package io.netdrift.core.metrics;
