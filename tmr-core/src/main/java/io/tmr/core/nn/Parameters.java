package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Ops;
import io.tmr.core.tensor.Parallel;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Operations over an ordered set of parameters: collection, gradient reset, norms, state I/O. */
public final class Parameters {
  private Parameters() {}

  /** The parameters of the given modules in order, shared parameters once, names unique. */
  public static List<Parameter> of(Module... modules) {
    List<Parameter> all = new ArrayList<>();
    for (Module m : modules) {
      m.collectParameters(all);
    }
    return distinct(all);
  }

  /** Keeps the first occurrence of each parameter (by identity); rejects two with one name. */
  public static List<Parameter> distinct(List<Parameter> params) {
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<String> names = new HashSet<>();
    ImmutableList.Builder<Parameter> out = ImmutableList.builder();
    for (Parameter p : params) {
      if (seen.add(p)) {
        checkArgument(names.add(p.name()), "two distinct parameters are named %s", p.name());
        out.add(p);
      }
    }
    return out.build();
  }

  public static void zeroGrads(List<Parameter> params) {
    for (Parameter p : params) {
      p.zeroGrad();
    }
  }

  public static long count(List<Parameter> params) {
    long n = 0;
    for (Parameter p : params) {
      n += p.length();
    }
    return n;
  }

  /**
   * Sum of squares of all gradients, accumulated in double per fixed chunk and combined in order
   * (the same value for any thread count).
   */
  public static double gradSquaredNorm(List<Parameter> params) {
    double sum = 0;
    double[] partial = new double[Parallel.CHUNKS];
    for (Parameter p : params) {
      Matrix g = p.gradMatrix();
      FloatBuffer f = g.floats();
      DoubleBuffer d = g.doubles();
      Parallel.forChunks(
          g.size(),
          2,
          (chunk, start, end) -> {
            double s = 0;
            if (f != null) {
              for (int i = start; i < end; i++) {
                double v = f.get(i);
                s += v * v;
              }
            } else {
              for (int i = start; i < end; i++) {
                double v = d.get(i);
                s += v * v;
              }
            }
            partial[chunk] = s;
          });
      for (double s : partial) {
        sum += s;
      }
    }
    return sum;
  }

  public static double gradNorm(List<Parameter> params) {
    return Math.sqrt(gradSquaredNorm(params));
  }

  /** Multiplies every gradient by {@code factor}. */
  public static void scaleGrads(List<Parameter> params, double factor) {
    for (Parameter p : params) {
      Ops.scale(p.gradMatrix(), factor);
    }
  }

  /**
   * Copies of all values keyed by name, in parameter order: what a checkpoint stores. The values
   * are exact copies in the parameters' own data type.
   */
  public static Map<String, INDArray> stateDict(List<Parameter> params) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Parameter p : params) {
      out.put(p.name(), p.value().dup('c'));
    }
    return out;
  }

  /**
   * Names a partial load could not match: parameters without a value, values without a parameter.
   */
  public record LoadReport(List<String> missing, List<String> unexpected) {}

  /**
   * Loads the entries whose names match parameters (same shape and type required) and reports the
   * rest, e.g. a pretrained discriminator into a fine-tuning model with a new task head.
   */
  public static LoadReport loadMatching(List<Parameter> params, Map<String, INDArray> state) {
    List<String> missing = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Parameter p : params) {
      INDArray v = state.get(p.name());
      if (v == null) {
        missing.add(p.name());
      } else {
        restore(p, v);
        used.add(p.name());
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String k : state.keySet()) {
      if (!used.contains(k)) {
        unexpected.add(k);
      }
    }
    return new LoadReport(List.copyOf(missing), List.copyOf(unexpected));
  }

  /**
   * Restores values by name. Every parameter must be present with the same shape and data type
   * (exact restore, no conversion); extra entries are rejected so a mismatched checkpoint fails.
   */
  public static void loadStateDict(List<Parameter> params, Map<String, INDArray> state) {
    checkArgument(
        state.size() == params.size(),
        "state has %s entries, model has %s parameters",
        state.size(),
        params.size());
    for (Parameter p : params) {
      INDArray v = state.get(p.name());
      checkArgument(v != null, "state lacks %s", p.name());
      restore(p, v);
    }
  }

  private static void restore(Parameter p, INDArray v) {
    checkArgument(
        v.dataType() == p.dataType(), "%s: type %s != %s", p.name(), v.dataType(), p.dataType());
    checkArgument(
        Arrays.equals(v.shape(), p.shape()),
        "%s: shape %s != %s",
        p.name(),
        Arrays.toString(v.shape()),
        Arrays.toString(p.shape()));
    p.value().assign(v);
  }
}
