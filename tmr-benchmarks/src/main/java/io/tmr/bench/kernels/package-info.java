/**
 * JMH benchmarks of the pretraining step's element-wise and row-wise kernels (GELU, LayerNorm,
 * dropout, bias broadcast) at shape B's sizes, one question per class: what each costs per element
 * on this machine, apart from the matrix products around it.
 */
package io.tmr.bench.kernels;
