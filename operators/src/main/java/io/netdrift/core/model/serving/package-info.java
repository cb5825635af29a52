/** DJL serving of exported SavedModels: one predictor call per batch of link rows. */
package io.netdrift.core.model.serving;
