/**
 * Reverb-style rate limiting between a producer (inserts) and a consumer (samples): a minimum size
 * before sampling and a samples-per-insert ratio held within an error buffer.
 */
package io.tmr.replay.ratelimit;
