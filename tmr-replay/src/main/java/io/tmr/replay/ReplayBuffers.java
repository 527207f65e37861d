package io.tmr.replay;

import static com.google.common.base.Preconditions.checkNotNull;

import io.tmr.replay.snapshot.SnapshotFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Creates and restores replay buffers. */
public final class ReplayBuffers {

  private ReplayBuffers() {}

  /**
   * A buffer for {@code config}, with plugins from the default registry. {@code replay.capacity=0}
   * yields a disabled buffer ({@link ReplayBuffer#isEnabled()} false): plain ELECTRA.
   *
   * @throws IllegalArgumentException for an unknown plugin name (listing the registered ones) or a
   *     strategy/eviction conflict
   */
  public static ReplayBuffer create(ReplayConfig config) {
    return create(config, ReplayRegistry.defaultRegistry());
  }

  public static ReplayBuffer create(ReplayConfig config, ReplayRegistry registry) {
    checkNotNull(config, "config");
    checkNotNull(registry, "registry");
    registry.validate(config);
    if (config.disabled()) {
      return new DisabledReplayBuffer(config);
    }
    ArrayReplayBuffer buffer = new ArrayReplayBuffer(config, registry);
    try {
      buffer.openConfiguredTrace(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open replay.trace " + config.trace(), e);
    }
    return buffer;
  }

  /** Restores a buffer written by {@link ReplayBuffer#snapshot}, with the default registry. */
  public static ReplayBuffer restore(Path snapshot) throws IOException {
    return restore(snapshot, ReplayRegistry.defaultRegistry());
  }

  /**
   * Restores a buffer written by {@link ReplayBuffer#snapshot}. The configuration comes from the
   * file; a configured trace is continued (appended to).
   *
   * @throws io.tmr.replay.snapshot.SnapshotFormatException naming the file and field when the file
   *     is not a valid snapshot
   */
  public static ReplayBuffer restore(Path snapshot, ReplayRegistry registry) throws IOException {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(registry, "registry");
    return continueTrace(SnapshotFile.read(snapshot, in -> BufferCodec.read(in, registry)));
  }

  /**
   * Restores a buffer from a snapshot written to a stream by {@link
   * ReplayBuffer#snapshot(java.io.OutputStream)}, read to its end; {@code source} names it in
   * errors.
   */
  public static ReplayBuffer restore(java.io.InputStream in, String source) throws IOException {
    checkNotNull(in, "in");
    ReplayRegistry registry = ReplayRegistry.defaultRegistry();
    return continueTrace(SnapshotFile.read(in, source, r -> BufferCodec.read(r, registry)));
  }

  private static ReplayBuffer continueTrace(ReplayBuffer restored) throws IOException {
    if (restored instanceof ArrayReplayBuffer buffer) {
      buffer.openConfiguredTrace(true);
    }
    return restored;
  }
}
