package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.nn.Linear;
import io.tmr.core.nn.Module;
import io.tmr.core.nn.Parameter;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * BERT's extractive-QA head ({@code qa_outputs}, HF's name): one linear layer from every token's
 * final hidden state to two logits, column 0 scoring the token as the answer's start and column 1
 * as its end. No dropout, as in BERT's {@code run_squad.py}.
 */
public final class SpanHead implements Module {
  public static final int START = 0;
  public static final int END = 1;

  private final Linear output;

  public SpanHead(
      String name,
      int hidden,
      int depth,
      DataType dataType,
      RandomStream initRandom,
      double initStd) {
    this.output = Linear.create(name, hidden, 2, true, depth, dataType, initRandom, initStd);
  }

  /** Logits {@code [B*S, 2]} (start, end) from the encoder output {@code [B*S, H]}; head-owned. */
  public Matrix forward(Matrix encoderOutput) {
    checkArgument(
        encoderOutput.cols() == output.inFeatures(),
        "encoder output %s, head expects %s columns",
        encoderOutput,
        output.inFeatures());
    return output.forward(encoderOutput);
  }

  /** Accumulates gradients for {@code dLogits [B*S, 2]}; returns the encoder-output gradient. */
  public Matrix backward(Matrix dLogits) {
    return output.backward(dLogits);
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    output.collectParameters(out);
  }
}
