package io.tmr.replay.spi;

import io.tmr.replay.ReplayConfig;

/**
 * A named factory of {@link EvictionPolicy} instances (one per buffer, since policies hold state).
 * Registered in {@code META-INF/services/io.tmr.replay.spi.EvictionPolicyProvider}; the name is
 * what {@code replay.eviction} selects.
 */
public interface EvictionPolicyProvider {

  String name();

  String description();

  EvictionPolicy create(ReplayConfig config);

  /**
   * Options of this plugin's own, each named {@code replay.<name()>.<option>}: they join the
   * library's options, appear in {@code tmr pretrain --options}, are validated with everything else
   * and recorded in run manifests. Read them with {@link io.tmr.replay.ReplayConfig#get}.
   */
  default java.util.List<io.tmr.config.ConfigKey<?>> options() {
    return java.util.List.of();
  }
}
