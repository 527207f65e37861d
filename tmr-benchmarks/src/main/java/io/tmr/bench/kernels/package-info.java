/**
 * JMH benchmarks of the pretraining step's parts at shape B's sizes, one question per class: what
 * the element-wise and row-wise kernels cost per element ({@code ElementwiseKernelBenchmark}: GELU,
 * LayerNorm, dropout, bias broadcast), what each of a layer's matrix products runs at ({@code
 * LayerGemmBenchmark}), and what one self-attention block costs ({@code AttentionBenchmark}), apart
 * from the rest of the step around them.
 */
package io.tmr.bench.kernels;
