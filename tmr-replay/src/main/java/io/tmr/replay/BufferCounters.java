package io.tmr.replay;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import io.tmr.replay.storage.ItemStore;
import java.io.IOException;

/**
 * A buffer's counters and the histogram of departed items by times replayed: what {@link
 * ReplayBuffer#stats()} reports, what a snapshot carries, and the bookkeeping invariants {@link
 * ReplayBuffer#verifyIntegrity()} checks. Not thread-safe: used under the buffer's lock.
 */
final class BufferCounters {
  /** Histogram entries: exact counts 0..31, then "32 or more". */
  static final int HISTOGRAM_BINS = 33;

  long offered;
  long inserted;
  long rejected;
  long evicted;
  long dropped;
  long cleared;
  long sampleCalls;
  long sampledItems;
  long firstUseDraws;
  long freshItems;
  long updates;
  long staleUpdates;
  long droppedUpdates;
  long duplicateUpdates;
  long lossesRecorded;
  long refusals;
  long waits;
  private final long[] departedHistogram = new long[HISTOGRAM_BINS];

  /** Records an item leaving the buffer after {@code replays} replays. */
  void departed(int replays) {
    departedHistogram[bin(replays)]++;
  }

  private static int bin(int replays) {
    return Math.min(replays, HISTOGRAM_BINS - 1);
  }

  /** A consistent copy, with the items still stored counted into the histogram. */
  ReplayStats stats(ItemStore store, int capacity, double entryPriority) {
    long[] histogram = departedHistogram.clone();
    for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
      histogram[bin(store.replays(s))]++;
    }
    return new ReplayStats(
        store.size(),
        capacity,
        store.unusedCount(),
        offered,
        inserted,
        rejected,
        evicted,
        dropped,
        cleared,
        sampleCalls,
        sampledItems,
        firstUseDraws,
        freshItems,
        updates,
        staleUpdates,
        droppedUpdates,
        duplicateUpdates,
        lossesRecorded,
        refusals,
        waits,
        entryPriority,
        histogram);
  }

  /**
   * Every item offered was stored or rejected, every stored one is present or departed, and the
   * histogram agrees.
   */
  void check(int size) {
    checkState(
        offered == inserted + rejected,
        "offered %s != inserted %s + rejected %s",
        offered,
        inserted,
        rejected);
    checkState(
        inserted - evicted - dropped - cleared == size,
        "inserted %s - evicted %s - dropped %s - cleared %s != size %s",
        inserted,
        evicted,
        dropped,
        cleared,
        size);
    long histogramTotal = 0;
    for (long h : departedHistogram) {
      histogramTotal += h;
    }
    checkState(
        histogramTotal == evicted + dropped + cleared,
        "replay histogram counts %s departures, counters say %s",
        histogramTotal,
        evicted + dropped + cleared);
  }

  void write(StateWriter out) throws IOException {
    out.writeLong("buffer.offered", offered);
    out.writeLong("buffer.inserted", inserted);
    out.writeLong("buffer.rejected", rejected);
    out.writeLong("buffer.evicted", evicted);
    out.writeLong("buffer.dropped", dropped);
    out.writeLong("buffer.cleared", cleared);
    out.writeLong("buffer.sampleCalls", sampleCalls);
    out.writeLong("buffer.sampledItems", sampledItems);
    out.writeLong("buffer.firstUseDraws", firstUseDraws);
    out.writeLong("buffer.freshItems", freshItems);
    out.writeLong("buffer.updates", updates);
    out.writeLong("buffer.staleUpdates", staleUpdates);
    out.writeLong("buffer.droppedUpdates", droppedUpdates);
    out.writeLong("buffer.duplicateUpdates", duplicateUpdates);
    out.writeLong("buffer.lossesRecorded", lossesRecorded);
    out.writeLong("buffer.refusals", refusals);
    out.writeLong("buffer.waits", waits);
    out.writeLongs("buffer.departedHistogram", departedHistogram, 0, HISTOGRAM_BINS);
  }

  void read(StateReader in) throws IOException {
    offered = in.readLong("buffer.offered");
    inserted = in.readLong("buffer.inserted");
    rejected = in.readLong("buffer.rejected");
    evicted = in.readLong("buffer.evicted");
    dropped = in.readLong("buffer.dropped");
    cleared = in.readLong("buffer.cleared");
    sampleCalls = in.readLong("buffer.sampleCalls");
    sampledItems = in.readLong("buffer.sampledItems");
    firstUseDraws = in.readLong("buffer.firstUseDraws");
    freshItems = in.readLong("buffer.freshItems");
    updates = in.readLong("buffer.updates");
    staleUpdates = in.readLong("buffer.staleUpdates");
    droppedUpdates = in.readLong("buffer.droppedUpdates");
    duplicateUpdates = in.readLong("buffer.duplicateUpdates");
    lossesRecorded = in.readLong("buffer.lossesRecorded");
    refusals = in.readLong("buffer.refusals");
    waits = in.readLong("buffer.waits");
    in.readLongs("buffer.departedHistogram", departedHistogram, 0, HISTOGRAM_BINS);
  }
}
