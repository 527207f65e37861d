package io.tmr.replay;

import io.tmr.replay.snapshot.SnapshotFile;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The snapshot format of a buffer, inside {@link SnapshotFile}'s container: the configuration
 * (every option's canonical text), an enabled flag, then the buffer's parts in a fixed order
 * (store, sampler, eviction policy, random generator, entry priority, counters, update marks, rate
 * limiter; see {@link ArrayReplayBuffer#writeState}). Reading rebuilds the buffer from the
 * configuration first, so a plugin that is missing or renamed is reported before any of its state
 * is read.
 */
final class BufferCodec {
  private BufferCodec() {}

  static void writeConfig(StateWriter out, ReplayConfig config) throws IOException {
    Map<String, String> map = config.toMap();
    out.writeInt("config.count", map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.writeString("config.key", e.getKey());
      out.writeString("config.value", e.getValue());
    }
  }

  static ReplayConfig readConfig(StateReader in) throws IOException {
    int count = in.readInt("config.count", 0, 1000);
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = in.readString("config.key");
      map.put(key, in.readString("config.value"));
    }
    try {
      return ReplayConfig.fromMap(map);
    } catch (IllegalArgumentException e) {
      throw in.invalid("config", e.getMessage());
    }
  }

  /** Writes an enabled buffer: its configuration, then its parts in order. */
  static void write(StateWriter out, BufferParts p, Priorities priorities) throws IOException {
    writeConfig(out, p.config());
    out.writeBoolean("enabled", true);
    out.writeString("eviction.name", p.evictionName());
    out.writeString("sampler.class", p.sampler().getClass().getName());
    p.store().writeState(out);
    p.sampler().writeState(out);
    p.eviction().writeState(out);
    out.writeLongs("random.state", p.random().state(), 0, 4);
    priorities.write(out);
    p.counters().write(out);
    out.writeLong("limiter.inserts", p.limiter().inserts());
    out.writeLong("limiter.samples", p.limiter().samples());
  }

  /**
   * Reads what {@link #write} wrote after the configuration and the enabled flag into freshly built
   * parts.
   */
  static void read(StateReader in, BufferParts p, Priorities priorities) throws IOException {
    String e = in.readString("eviction.name");
    if (!e.equals(p.evictionName())) {
      throw in.invalid(
          "eviction.name",
          "snapshot used eviction '"
              + e
              + "', the configuration resolves to '"
              + p.evictionName()
              + "'");
    }
    String samplerClass = in.readString("sampler.class");
    if (!samplerClass.equals(p.sampler().getClass().getName())) {
      throw in.invalid(
          "sampler.class",
          "snapshot was written by sampler "
              + samplerClass
              + ", strategy '"
              + p.config().strategy()
              + "' now provides "
              + p.sampler().getClass().getName());
    }
    p.store().readState(in);
    p.sampler().readState(in, p.store());
    p.eviction().readState(in, p.store());
    long[] state = new long[4];
    in.readLongs("random.state", state, 0, 4);
    try {
      p.random().setState(state);
    } catch (IllegalArgumentException ex) {
      throw in.invalid("random.state", ex.getMessage());
    }
    priorities.read(in);
    p.counters().read(in);
    p.limiter().restore(in.readLong("limiter.inserts"), in.readLong("limiter.samples"));
  }

  /** Reads a whole buffer (disabled or not) written by {@link ReplayBuffer#snapshot}. */
  static ReplayBuffer read(StateReader in, ReplayRegistry registry) throws IOException {
    ReplayConfig config = readConfig(in);
    boolean enabled = in.readBoolean("enabled");
    if (enabled == config.disabled()) {
      throw in.invalid(
          "enabled", "flag " + enabled + " contradicts replay.capacity=" + config.capacity());
    }
    try {
      registry.validate(config);
    } catch (IllegalArgumentException e) {
      throw in.invalid("config", e.getMessage());
    }
    if (!enabled) {
      DisabledReplayBuffer disabled = new DisabledReplayBuffer(config);
      disabled.restoreCounters(in.readLong("disabled.offered"), in.readLong("disabled.stale"));
      return disabled;
    }
    ArrayReplayBuffer buffer = new ArrayReplayBuffer(config, registry);
    buffer.readState(in);
    return buffer;
  }
}
