package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Ops;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The generator's masked-LM head on selected positions only: {@code dense(H -> E), GELU, LayerNorm,
 * logits = h E^T + bias} with E the (shared) token-embedding matrix.
 *
 * <p>Vocabulary logits are computed for the selected (masked) rows alone: at most 19 of 128
 * positions, which divides the largest GEMM of the generator by about 7. HF names: {@code
 * <prefix>.dense}, {@code <prefix>.LayerNorm} ({@code generator_predictions}) and {@code
 * <outputName>.bias} ({@code generator_lm_head.bias}); the output weight is the embedding parameter
 * itself and receives this head's gradient added to the embedding lookups'.
 */
public final class MlmHead implements Module {
  private final Linear dense;
  private final Gelu gelu;
  private final Matrix activated;
  private final LayerNorm norm;
  private final Linear output;
  private final Matrix selected;
  private final Matrix hiddenGrad;
  private Matrix preActivation;
  private int[] positions;
  private int count;
  private int tokens = -1;

  /**
   * @param tiedWordEmbeddings the {@code [vocab, E]} token embeddings used as output weight
   */
  public MlmHead(
      String prefix,
      String outputName,
      int hidden,
      Parameter tiedWordEmbeddings,
      double layerNormEps,
      Gelu gelu,
      int depth,
      RandomStream initRandom,
      double initStd) {
    DataType dt = tiedWordEmbeddings.dataType();
    int embeddingSize = Math.toIntExact(tiedWordEmbeddings.shape()[1]);
    int vocab = Math.toIntExact(tiedWordEmbeddings.shape()[0]);
    this.dense =
        Linear.create(
            prefix + ".dense", hidden, embeddingSize, true, depth, dt, initRandom, initStd);
    this.gelu = gelu;
    this.activated = Matrix.empty(dt);
    this.norm = LayerNorm.create(prefix + ".LayerNorm", embeddingSize, layerNormEps, depth, dt);
    Parameter bias = Parameter.zeros(outputName + ".bias", dt, new long[] {vocab}, false, depth);
    this.output = Linear.tied(tiedWordEmbeddings, bias);
    this.selected = Matrix.empty(dt);
    this.hiddenGrad = Matrix.empty(dt);
  }

  /**
   * Vocabulary logits {@code [count, vocab]} for rows {@code positions[0..count)} of {@code hidden
   * [tokens, H]} (row = b * S + s). The result belongs to this head (reused next call).
   */
  public Matrix forward(Matrix hidden, int[] positions, int count) {
    checkArgument(
        count >= 0 && count <= positions.length,
        "count %s of %s positions",
        count,
        positions.length);
    this.positions = positions;
    this.count = count;
    this.tokens = hidden.rows();
    Ops.gatherRows(hidden, positions, count, selected);
    preActivation = dense.forward(selected);
    gelu.forward(preActivation, activated, preActivation);
    Matrix h = norm.forward(activated);
    return output.forward(h);
  }

  /**
   * Accumulates gradients for {@code dLogits [count, vocab]} (including into the tied embeddings)
   * and returns the gradient for the whole hidden input {@code [tokens, H]}, zero on unselected
   * rows (a scatter of the selected rows' gradients, summed if a row was selected twice).
   */
  public Matrix backward(Matrix dLogits) {
    checkState(tokens >= 0, "backward before forward");
    Matrix dH = output.backward(dLogits);
    Matrix dAct = norm.backward(dH);
    Gelu.backwardInPlace(dAct, preActivation);
    Matrix dSel = dense.backward(dAct);
    long t = Profiler.start();
    int cols = dSel.cols();
    hiddenGrad.resize(tokens, cols);
    hiddenGrad.fill(0.0);
    for (int i = 0; i < count; i++) {
      int r = positions[i];
      for (int j = 0; j < cols; j++) {
        hiddenGrad.add(r * cols + j, dSel.get(i * cols + j));
      }
    }
    Profiler.end("mlm head scatter", t);
    return hiddenGrad;
  }

  public Parameter outputBias() {
    return output.bias();
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    dense.collectParameters(out);
    norm.collectParameters(out);
    out.add(output.weight());
    out.add(output.bias());
  }
}
