/**
 * The replay-buffer library's public face: {@link io.tmr.replay.ReplayBuffer} and its factory
 * {@link io.tmr.replay.ReplayBuffers}, the validated {@link io.tmr.replay.ReplayConfig}, the
 * reusable batch and receipt objects that keep the hot path allocation-free, counters, and the
 * plugin registry and its options ({@link io.tmr.replay.ReplayOptions}, plus each plugin's own).
 * Inside, the buffer is in pieces: store, counters, rate gate, draws, inserts, priorities, snapshot
 * codec. Pure Java: no tensors; of TMR only the config module.
 */
package io.tmr.replay;
