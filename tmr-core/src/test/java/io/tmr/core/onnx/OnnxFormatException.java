package io.tmr.core.onnx;

/** The bytes are not a well-formed ONNX model, or use a feature this reader does not support. */
public final class OnnxFormatException extends RuntimeException {
  public OnnxFormatException(String message) {
    super(message);
  }
}
