package io.tmr.replay.spi;

import io.tmr.replay.ReplayConfig;

/**
 * A named pairing of a sampling policy (what is drawn) with an eviction policy (what is kept): the
 * unit that {@code replay.strategy} selects. Writing a new strategy takes this one class and one
 * line in {@code META-INF/services/io.tmr.replay.spi.ReplayStrategy}.
 */
public interface ReplayStrategy {

  /** The name {@code replay.strategy} selects; lower-case, unique among registered strategies. */
  String name();

  String description();

  /** A new sampling policy for one buffer built from {@code config}. */
  SamplingPolicy newSampler(ReplayConfig config);

  /**
   * The eviction policy name this strategy runs with. By default whatever {@code replay.eviction}
   * says; a strategy that defines its own storage policy (such as {@code reservoir}) overrides this
   * and rejects a conflicting explicit choice with {@link IllegalArgumentException}.
   */
  default String eviction(ReplayConfig config) {
    return config.eviction();
  }

  /**
   * Options of this plugin's own, each named {@code replay.<name()>.<option>}: they join the
   * library's options, appear in {@code tmr pretrain --options}, are validated with everything else
   * and recorded in run manifests. Read them with {@link io.tmr.replay.ReplayConfig#get}.
   */
  default java.util.List<io.tmr.config.ConfigKey<?>> options() {
    return java.util.List.of();
  }
}
