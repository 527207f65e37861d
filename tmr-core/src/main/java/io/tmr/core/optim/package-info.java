/**
 * Optimisation: AdamW (ELECTRA's variant without bias correction, and the standard one), global
 * gradient-norm clipping, learning-rate schedules and layer-wise learning-rate decay, with state
 * that can be saved and restored exactly.
 */
package io.tmr.core.optim;
