package io.tmr.core.onnx;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights and wiring of an ONNX model: graph initializers by name and nodes in file order (ONNX
 * requires topological order). Read once from bytes; tensor data is converted on demand.
 */
public final class OnnxModel {
  // ModelProto
  private static final int MODEL_GRAPH = 7;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  // AttributeProto
  private static final int ATTR_NAME = 1;
  private static final int ATTR_F = 2;
  private static final int ATTR_I = 3;
  private static final int ATTR_S = 4;
  private static final int ATTR_T = 5;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_INT32_DATA = 5;
  private static final int TENSOR_INT64_DATA = 7;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int TENSOR_DOUBLE_DATA = 10;
  private static final int TENSOR_DATA_LOCATION = 14;
  // ValueInfoProto
  private static final int VALUE_INFO_NAME = 1;

  private final Map<String, OnnxTensor> initializers;
  private final List<OnnxNode> nodes;
  private final List<String> inputs;
  private final List<String> outputs;

  private OnnxModel(
      Map<String, OnnxTensor> initializers,
      List<OnnxNode> nodes,
      List<String> inputs,
      List<String> outputs) {
    this.initializers = Collections.unmodifiableMap(initializers);
    this.nodes = ImmutableList.copyOf(nodes);
    this.inputs = ImmutableList.copyOf(inputs);
    this.outputs = ImmutableList.copyOf(outputs);
  }

  public static OnnxModel read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  public static OnnxModel read(InputStream in) throws IOException {
    return parse(in.readAllBytes());
  }

  /** Parses a serialized {@code ModelProto}. */
  public static OnnxModel parse(byte[] bytes) {
    ProtoReader model = new ProtoReader(bytes);
    ProtoReader graph = null;
    while (model.hasMore()) {
      int tag = model.readTag();
      if (ProtoReader.fieldNumber(tag) == MODEL_GRAPH
          && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
        graph = model.readMessage();
      } else {
        model.skip(ProtoReader.wireType(tag));
      }
    }
    if (graph == null) {
      throw new OnnxFormatException("model has no graph");
    }
    Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    List<OnnxNode> nodes = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    while (graph.hasMore()) {
      int tag = graph.readTag();
      int field = ProtoReader.fieldNumber(tag);
      if (ProtoReader.wireType(tag) != ProtoReader.LENGTH_DELIMITED) {
        graph.skip(ProtoReader.wireType(tag));
        continue;
      }
      switch (field) {
        case GRAPH_NODE -> nodes.add(parseNode(graph.readMessage()));
        case GRAPH_INITIALIZER -> {
          OnnxTensor t = parseTensor(graph.readMessage());
          initializers.put(t.name(), t);
        }
        case GRAPH_INPUT -> inputs.add(parseValueInfoName(graph.readMessage()));
        case GRAPH_OUTPUT -> outputs.add(parseValueInfoName(graph.readMessage()));
        default -> graph.skip(ProtoReader.LENGTH_DELIMITED);
      }
    }
    return new OnnxModel(initializers, nodes, inputs, outputs);
  }

  private static String parseValueInfoName(ProtoReader r) {
    String name = "";
    while (r.hasMore()) {
      int tag = r.readTag();
      if (ProtoReader.fieldNumber(tag) == VALUE_INFO_NAME
          && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
        name = r.readString();
      } else {
        r.skip(ProtoReader.wireType(tag));
      }
    }
    return name;
  }

  private static OnnxNode parseNode(ProtoReader r) {
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    String name = "";
    String op = "";
    Map<String, Object> attributes = new LinkedHashMap<>();
    while (r.hasMore()) {
      int tag = r.readTag();
      int wire = ProtoReader.wireType(tag);
      switch (ProtoReader.fieldNumber(tag)) {
        case NODE_INPUT -> in.add(r.readString());
        case NODE_OUTPUT -> out.add(r.readString());
        case NODE_NAME -> name = r.readString();
        case NODE_OP_TYPE -> op = r.readString();
        case NODE_ATTRIBUTE -> parseAttribute(r.readMessage(), attributes);
        default -> r.skip(wire);
      }
    }
    return new OnnxNode(
        name, op, List.copyOf(in), List.copyOf(out), Collections.unmodifiableMap(attributes));
  }

  private static void parseAttribute(ProtoReader r, Map<String, Object> into) {
    String name = null;
    Object value = null;
    while (r.hasMore()) {
      int tag = r.readTag();
      int wire = ProtoReader.wireType(tag);
      switch (ProtoReader.fieldNumber(tag)) {
        case ATTR_NAME -> name = r.readString();
        case ATTR_F -> value = Float.intBitsToFloat(r.readFixed32());
        case ATTR_I -> value = r.readVarint();
        case ATTR_S -> value = r.readString();
        case ATTR_T -> value = parseTensor(r.readMessage());
        default -> r.skip(wire);
      }
    }
    if (name != null && value != null) {
      into.put(name, value);
    }
  }

  private static OnnxTensor parseTensor(ProtoReader r) {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    ByteBuffer raw = null;
    FloatList floats = new FloatList();
    LongList longs = new LongList();
    DoubleList doubles = new DoubleList();
    while (r.hasMore()) {
      int tag = r.readTag();
      int wire = ProtoReader.wireType(tag);
      switch (ProtoReader.fieldNumber(tag)) {
        case TENSOR_DIMS -> readLongs(r, wire, dims::add);
        case TENSOR_DATA_TYPE -> dataType = (int) r.readVarint();
        case TENSOR_NAME -> name = r.readString();
        case TENSOR_RAW_DATA -> raw = r.readBytes();
        case TENSOR_FLOAT_DATA -> {
          if (wire == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = r.readMessage();
            while (packed.hasMore()) {
              floats.add(Float.intBitsToFloat(packed.readFixed32()));
            }
          } else {
            floats.add(Float.intBitsToFloat(r.readFixed32()));
          }
        }
        case TENSOR_DOUBLE_DATA -> {
          if (wire == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = r.readMessage();
            while (packed.hasMore()) {
              doubles.add(Double.longBitsToDouble(packed.readFixed64()));
            }
          } else {
            doubles.add(Double.longBitsToDouble(r.readFixed64()));
          }
        }
        case TENSOR_INT32_DATA, TENSOR_INT64_DATA -> readLongs(r, wire, longs::add);
        case TENSOR_DATA_LOCATION -> {
          if (r.readVarint() != 0) {
            throw new OnnxFormatException(
                "tensor " + name + " uses external data, which is not supported");
          }
        }
        default -> r.skip(wire);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    return new OnnxTensor(
        name, shape, dataType, raw, floats.toArray(), longs.toArray(), doubles.toArray());
  }

  private static void readLongs(ProtoReader r, int wire, java.util.function.LongConsumer sink) {
    if (wire == ProtoReader.LENGTH_DELIMITED) {
      ProtoReader packed = r.readMessage();
      while (packed.hasMore()) {
        sink.accept(packed.readVarint());
      }
    } else {
      sink.accept(r.readVarint());
    }
  }

  public Map<String, OnnxTensor> initializers() {
    return initializers;
  }

  public Optional<OnnxTensor> initializer(String name) {
    return Optional.ofNullable(initializers.get(name));
  }

  public List<OnnxNode> nodes() {
    return nodes;
  }

  /** Graph input names (may include initializers in old exports). */
  public List<String> inputs() {
    return inputs;
  }

  public List<String> outputs() {
    return outputs;
  }

  /** Nodes that read the value called {@code valueName}. */
  public List<OnnxNode> consumers(String valueName) {
    List<OnnxNode> out = new ArrayList<>();
    for (OnnxNode n : nodes) {
      if (n.inputs().contains(valueName)) {
        out.add(n);
      }
    }
    return out;
  }

  private static final class FloatList {
    private float[] a = new float[0];
    private int n;

    void add(float v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, Math.max(16, 2 * n));
      }
      a[n++] = v;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  private static final class LongList {
    private long[] a = new long[0];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, Math.max(16, 2 * n));
      }
      a[n++] = v;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  private static final class DoubleList {
    private double[] a = new double[0];
    private int n;

    void add(double v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, Math.max(16, 2 * n));
      }
      a[n++] = v;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
