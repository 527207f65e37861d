package io.tmr.experiments.registry;

import java.util.List;

/**
 * A source of experiments, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.tmr.experiments.registry.ExperimentProvider} of a jar on the class
 * path.
 */
public interface ExperimentProvider {
  List<Experiment> experiments();
}
