package io.tmr.replay;

/**
 * A consistent snapshot of a buffer's counters.
 *
 * @param offered items offered to {@code insert} (stored or not)
 * @param inserted items stored
 * @param rejected items not stored because the eviction policy rejected them (reservoir)
 * @param evicted items replaced by newer ones
 * @param dropped items removed after {@code replay.maxReplays} replays
 * @param cleared items removed by {@code clear()}
 * @param sampleCalls calls of {@code sample}/{@code trySample} that drew a batch (the β step)
 * @param sampledItems rows drawn by those calls
 * @param firstUseDraws drawn rows whose item had never been trained on before (first uses, not
 *     re-uses)
 * @param freshItems rows taken by {@code takeFresh}
 * @param updates priority updates applied
 * @param staleUpdates updates (and loss records) ignored because the item was overwritten (evicted)
 *     since it was drawn
 * @param droppedUpdates updates ignored because the item was dropped after {@code
 *     replay.maxReplays} replays when it was drawn
 * @param duplicateUpdates updates ignored because the same item appeared earlier in the call
 * @param lossesRecorded losses recorded without a weight change ({@code recordLosses})
 * @param rateLimitRefusals calls refused by the rate limiter
 * @param rateLimitWaits times a call waited in block mode
 * @param entryPriority the priority a new item receives now ({@code replay.newPriorityQuantile} of
 *     the recent priorities)
 * @param replayHistogram entry k counts items (present or departed) replayed exactly k times; the
 *     last entry counts items replayed at least that often
 */
public record ReplayStats(
    int size,
    int capacity,
    int unusedItems,
    long offered,
    long inserted,
    long rejected,
    long evicted,
    long dropped,
    long cleared,
    long sampleCalls,
    long sampledItems,
    long firstUseDraws,
    long freshItems,
    long updates,
    long staleUpdates,
    long droppedUpdates,
    long duplicateUpdates,
    long lossesRecorded,
    long rateLimitRefusals,
    long rateLimitWaits,
    double entryPriority,
    long[] replayHistogram) {

  public ReplayStats {
    replayHistogram = replayHistogram.clone();
  }

  @Override
  public long[] replayHistogram() {
    return replayHistogram.clone();
  }

  /** Items that left the buffer for any reason. */
  public long departed() {
    return evicted + dropped + cleared;
  }
}
