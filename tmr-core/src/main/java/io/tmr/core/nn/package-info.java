/**
 * Transformer layers with explicit forward and backward passes (no autodiff): linear, LayerNorm,
 * GELU, dropout, embeddings, masked multi-head self-attention, post-LN encoder layers, the ELECTRA
 * heads and losses, and the named {@link io.tmr.core.nn.Parameter} tree they share. Backward passes
 * add into parameter gradients so that shared parameters (tied embeddings) sum their uses.
 */
package io.tmr.core.nn;
