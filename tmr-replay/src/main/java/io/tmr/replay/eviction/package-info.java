/**
 * What is kept: the built-in eviction policies that choose, when the store is full, which item a
 * new one replaces ({@code fifo}, {@code min-weight}) or whether it is admitted at all ({@code
 * reservoir}, Algorithm R).
 */
package io.tmr.replay.eviction;
