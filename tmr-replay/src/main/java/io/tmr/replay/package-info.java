/**
 * The replay-buffer library's public face: {@link io.tmr.replay.ReplayBuffer} and its factory
 * {@link io.tmr.replay.ReplayBuffers}, the validated {@link io.tmr.replay.ReplayConfig}, the
 * reusable batch and receipt objects that keep the hot path allocation-free, counters, and the
 * plugin registry. Pure Java; no tensors, no other TMR module.
 */
package io.tmr.replay;
