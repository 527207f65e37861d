/**
 * Whole-step pretraining benchmarks that print figures: ELECTRA step throughput, FLOPs utilisation
 * against a GEMM peak measured in the same process, peak RSS; and TMR's overhead against ELECTRA.
 */
package io.tmr.bench.pretrain;
