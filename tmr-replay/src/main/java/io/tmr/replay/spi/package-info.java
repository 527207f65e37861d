/**
 * The service-provider interface: the contracts a replay plugin implements (sampling policy,
 * eviction policy, priority rule, strategy pairing) and the small helpers handed to it (read-only
 * item view, the buffer's seeded random source, snapshot state streams). Plugins are found by name
 * through {@link java.util.ServiceLoader}; nothing here depends on a concrete buffer.
 */
package io.tmr.replay.spi;
