/**
 * The built-in strategies: named pairings of a sampling policy with an eviction policy ({@code
 * uniform}, {@code prioritized}, {@code rank}, {@code reservoir}, {@code fifo}).
 */
package io.tmr.replay.strategy;
