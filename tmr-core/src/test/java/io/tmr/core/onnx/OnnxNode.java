package io.tmr.core.onnx;

import java.util.List;
import java.util.Map;

/**
 * An ONNX graph node: operator type, name, input and output value names, and the attributes this
 * reader understands (integer, float, string and tensor valued).
 */
public record OnnxNode(
    String name,
    String opType,
    List<String> inputs,
    List<String> outputs,
    Map<String, Object> attributes) {}
