package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.nn.AttentionMask;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.Dropout;
import io.tmr.core.nn.Linear;
import io.tmr.core.nn.Module;
import io.tmr.core.nn.Parameter;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ELECTRA's sequence-level head: the final hidden state of each sequence's first token ({@code
 * [CLS]}), dropout, one linear layer to {@code outputs} logits (the classes) or to one value
 * (regression). Parameters {@code classifier.weight} / {@code classifier.bias} at the depth given
 * for layer-wise learning-rate decay (ELECTRA: layers + 2, the full rate).
 */
public final class ClassificationHead implements Module {
  private final int hidden;
  private final Dropout dropout;
  private final Linear output;
  private final Matrix cls;
  private final Matrix dropped;
  private final Matrix hiddenGrad;
  private AttentionMask mask;

  public ClassificationHead(
      String name,
      int hidden,
      int outputs,
      double dropoutProbability,
      int depth,
      DataType dataType,
      RandomStream initRandom,
      double initStd) {
    checkArgument(outputs >= 1, "a head needs at least one output");
    this.hidden = hidden;
    this.dropout = new Dropout(dropoutProbability);
    this.output = Linear.create(name, hidden, outputs, true, depth, dataType, initRandom, initStd);
    this.cls = Matrix.empty(dataType);
    this.dropped = Matrix.empty(dataType);
    this.hiddenGrad = Matrix.empty(dataType);
  }

  public int outputs() {
    return output.outFeatures();
  }

  /**
   * Logits {@code [B, outputs]} from the encoder output {@code [B*S, H]}; the returned matrix
   * belongs to the head and is reused by the next call.
   */
  public Matrix forward(Matrix encoderOutput, AttentionMask mask, Context ctx) {
    checkArgument(
        encoderOutput.rows() == mask.tokens() && encoderOutput.cols() == hidden,
        "encoder output %s does not match %s tokens x %s",
        encoderOutput,
        mask.tokens(),
        hidden);
    this.mask = mask;
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    cls.resize(batch, hidden);
    for (int b = 0; b < batch; b++) {
      int from = b * seq * hidden;
      for (int j = 0; j < hidden; j++) {
        cls.set(b * hidden + j, encoderOutput.get(from + j));
      }
    }
    dropout.sample(ctx, cls.size());
    return output.forward(dropout.applyTo(cls, dropped));
  }

  /**
   * Accumulates the head's gradients for {@code dLogits [B, outputs]} and returns the gradient of
   * the encoder output {@code [B*S, H]}: the [CLS] rows carry it, every other row is zero.
   */
  public Matrix backward(Matrix dLogits) {
    checkState(mask != null, "backward before forward");
    Matrix dCls = output.backward(dLogits);
    dropout.apply(dCls, dCls);
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    hiddenGrad.resize(batch * seq, hidden);
    hiddenGrad.fill(0.0);
    for (int b = 0; b < batch; b++) {
      int to = b * seq * hidden;
      for (int j = 0; j < hidden; j++) {
        hiddenGrad.set(to + j, dCls.get(b * hidden + j));
      }
    }
    return hiddenGrad;
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    output.collectParameters(out);
  }
}
