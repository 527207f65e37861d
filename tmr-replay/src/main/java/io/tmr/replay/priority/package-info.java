/**
 * The built-in priority rules: how an item's weight follows from the loss (or gradient norm) the
 * trainer measured on it: {@code loss}, {@code loss-difference}, {@code gradient-norm}.
 */
package io.tmr.replay.priority;
