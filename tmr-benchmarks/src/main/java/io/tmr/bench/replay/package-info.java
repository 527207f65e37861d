/**
 * JMH benchmarks of the tmr-replay buffer: insert, sample (batch 32/128/1024) and priority update
 * for every built-in strategy at capacities 10^4 to 10^7, plus the trainer's row-copying path.
 */
package io.tmr.bench.replay;
