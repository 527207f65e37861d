/**
 * Tensor storage and kernels for the hand-written layers: row-major matrices over ND4J buffers with
 * reusable capacity ({@link io.tmr.core.tensor.Matrix}), direct OpenBLAS GEMM on sub-blocks ({@link
 * io.tmr.core.tensor.Blas}), multi-core loops with deterministic chunking ({@link
 * io.tmr.core.tensor.Parallel}), and a checkpointable random stream.
 */
package io.tmr.core.tensor;
