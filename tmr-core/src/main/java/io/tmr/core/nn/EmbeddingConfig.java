package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Sizes of the BERT/ELECTRA input embeddings.
 *
 * @param vocabSize token vocabulary (30,522 for uncased WordPiece)
 * @param embeddingSize E (128 for ELECTRA-Small; a projection to the hidden size follows when E
 *     differs from it)
 * @param maxPositions learned positions (512)
 * @param typeVocabSize segment ids (2)
 * @param layerNormEps 1e-12
 * @param dropout after the LayerNorm (0.1)
 * @param initStd truncated-normal std (0.02)
 * @param dataType FLOAT or DOUBLE
 */
public record EmbeddingConfig(
    int vocabSize,
    int embeddingSize,
    int maxPositions,
    int typeVocabSize,
    double layerNormEps,
    double dropout,
    double initStd,
    DataType dataType) {

  public EmbeddingConfig {
    checkArgument(
        vocabSize > 0 && embeddingSize > 0 && maxPositions > 0 && typeVocabSize > 0, "bad sizes");
    checkArgument(
        dataType == DataType.FLOAT || dataType == DataType.DOUBLE, "dataType %s", dataType);
  }

  /** ELECTRA defaults: 512 positions, 2 segments, eps 1e-12, dropout 0.1, std 0.02, float32. */
  public static EmbeddingConfig of(int vocabSize, int embeddingSize) {
    return new EmbeddingConfig(vocabSize, embeddingSize, 512, 2, 1e-12, 0.1, 0.02, DataType.FLOAT);
  }

  public EmbeddingConfig withDropout(double value) {
    return new EmbeddingConfig(
        vocabSize,
        embeddingSize,
        maxPositions,
        typeVocabSize,
        layerNormEps,
        value,
        initStd,
        dataType);
  }

  public EmbeddingConfig withDataType(DataType value) {
    return new EmbeddingConfig(
        vocabSize,
        embeddingSize,
        maxPositions,
        typeVocabSize,
        layerNormEps,
        dropout,
        initStd,
        value);
  }
}
