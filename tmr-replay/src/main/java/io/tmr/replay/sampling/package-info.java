/**
 * What is drawn: the built-in sampling policies (uniform, proportional over a sum tree, rank-based,
 * FIFO cursor) and the index structures they run on. Each draws slots with the buffer's seeded
 * random source and reports the exact per-draw probability of every slot it returns.
 */
package io.tmr.replay.sampling;
