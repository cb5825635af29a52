/**
 * Typed, validated job configuration: every key with a default, a unit in its name and a rule, read
 * from an optional YAML file and CLI flags.
 */
package io.netdrift.job.config;
