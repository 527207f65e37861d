package io.tmr.replay.spi;

import io.tmr.replay.ReplayConfig;

/**
 * A named factory of {@link EvictionPolicy} instances (one per buffer, since policies hold
 * state). Registered in {@code META-INF/services/io.tmr.replay.spi.EvictionPolicyProvider}; the
 * name is what {@code replay.eviction} selects.
 */
public interface EvictionPolicyProvider {

  String name();

  String description();

  EvictionPolicy create(ReplayConfig config);
}
