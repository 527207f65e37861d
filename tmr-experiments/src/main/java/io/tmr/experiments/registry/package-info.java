/**
 * The experiment registry: an {@link io.tmr.experiments.registry.Experiment} is a named, versioned,
 * documented comparison (arms, scales with their budget and seeds, downstream evaluation, table
 * layout). Experiments come from {@link io.tmr.experiments.registry.ExperimentProvider} plugins
 * found by {@link java.util.ServiceLoader} (the built-ins are one) and from YAML files in
 * experiment folders; {@link io.tmr.experiments.registry.ExperimentRegistry} collects and validates
 * them.
 */
package io.tmr.experiments.registry;
