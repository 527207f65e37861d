package io.tmr.models.artefact;

import io.tmr.core.io.SafeTensors;
import io.tmr.core.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint file {@code checkpoints/step-NNNNNNNN.safetensors}: every parameter under its name,
 * the optimizer moments ({@code <name>.adam_m}, {@code <name>.adam_v}), optional extra byte blobs
 * (e.g. the replay buffer as {@code __replay__}), and string metadata (step, data position, ...).
 * Written atomically; older ones beyond {@code keep} are deleted after a new one is complete.
 */
public final class Checkpoint {
  private static final Pattern NAME = Pattern.compile("step-(\\d{8})\\.safetensors");

  private Checkpoint() {}

  public static Path fileFor(Path dir, long step) {
    return dir.resolve(String.format("step-%08d.safetensors", step));
  }

  /** The newest complete checkpoint in {@code dir}, or null. */
  public static Path latest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .max(Comparator.naturalOrder())
          .orElse(null);
    }
  }

  /** Every complete checkpoint in {@code dir}, newest first. */
  public static List<Path> allNewestFirst(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.reverseOrder())
          .toList();
    }
  }

  /**
   * The newest checkpoint in {@code dir} whose parameters and optimizer state are all finite and
   * intact (the one to resume from after a run diverged), or null.
   */
  public static Path latestFinite(Path dir) throws IOException {
    for (Path p : allNewestFirst(dir)) {
      try {
        if (load(p).arrays().values().stream()
            .allMatch(a -> !a.isInfinite().any() && !a.isNaN().any())) {
          return p;
        }
      } catch (IOException damaged) {
        // not a good checkpoint either
      }
    }
    return null;
  }

  /**
   * Moves a damaged checkpoint aside ({@code .damaged}), out of the run's way but kept as evidence.
   */
  public static Path setAside(Path file) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".damaged");
    Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return aside;
  }

  public static long stepOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(file + " is not a checkpoint file name");
    }
    return Long.parseLong(m.group(1));
  }

  public static void save(
      Path dir,
      long step,
      List<Parameter> params,
      Map<String, INDArray> optimizerState,
      Map<String, byte[]> blobs,
      Map<String, String> metadata,
      int keep)
      throws IOException {
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    for (Parameter p : params) {
      tensors.put(p.name(), toTensor(p.value()));
    }
    optimizerState.forEach((k, v) -> tensors.put(k, toTensor(v)));
    blobs.forEach((k, v) -> tensors.put(k, SafeTensors.Tensor.bytes(v)));
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("step", Long.toString(step));
    meta.put("format", "tmr-checkpoint-1");
    Files.createDirectories(dir);
    SafeTensors.write(fileFor(dir, step), tensors, meta);
    prune(dir, keep);
  }

  private static void prune(Path dir, int keep) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().forEach(all::add);
    }
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
  }

  static SafeTensors.Tensor toTensor(INDArray a) {
    long[] shape = a.shape();
    if (a.dataType() == DataType.LONG) {
      return SafeTensors.Tensor.of(a.dup('c').data().asLong(), shape);
    }
    if (a.dataType() == DataType.DOUBLE) {
      return SafeTensors.Tensor.of(a.dup('c').data().asDouble(), shape);
    }
    return SafeTensors.Tensor.of(a.dup('c').data().asFloat(), shape);
  }

  static INDArray toArray(SafeTensors.Tensor t) {
    return switch (t.dtype()) {
      case "F32" -> Nd4j.create(t.toFloats(), t.shape(), 'c');
      case "F64" -> Nd4j.create(t.toDoubles(), t.shape(), 'c');
      case "I64" ->
          t.shape().length == 0
              ? Nd4j.scalar(DataType.LONG, t.toLongs()[0])
              : Nd4j.createFromArray(t.toLongs()).reshape(t.shape());
      default ->
          throw new IllegalArgumentException("tensor of dtype " + t.dtype() + " is not an array");
    };
  }

  /** Loaded checkpoint: arrays by name (parameters and optimizer state), blobs and metadata. */
  public record Loaded(
      Map<String, INDArray> arrays, Map<String, byte[]> blobs, Map<String, String> metadata) {
    public long step() {
      return Long.parseLong(metadata.get("step"));
    }
  }

  public static Loaded load(Path file) throws IOException {
    SafeTensors.Contents c = SafeTensors.read(file);
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    c.tensors()
        .forEach(
            (k, t) -> {
              if (t.dtype().equals("U8")) {
                blobs.put(k, t.data());
              } else {
                arrays.put(k, toArray(t));
              }
            });
    if (!c.metadata().containsKey("step")) {
      throw new IOException(file + ": not a TMR checkpoint (no step in its metadata)");
    }
    return new Loaded(arrays, blobs, c.metadata());
  }
}
