package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Working arrays that a float32 kernel reuses on each thread from call to call, instead of
 * allocating them in every call: the kernels copy chunks of off-heap buffers into heap arrays
 * (where C2 vectorises their loops), and a step runs them hundreds of times on each thread.
 * Allocated per call, AdamW's arrays alone were about 10 MB of garbage per step at shape A, enough
 * to make G1 collect every second and grow the young generation, and with it the process's peak RSS
 * (docs/performance.md).
 *
 * <p>One instance per kernel class, held in a static field, with as many slots as arrays that the
 * kernel uses at once. An array comes back with whatever the thread's previous call left in it
 * (callers that accumulate must clear it) and at least the requested length (never shorter; it
 * grows, and stays grown). The kernel must not call another kernel that uses the same instance
 * while it holds the arrays; kernels of different classes never share them.
 */
public final class ScratchArrays {
  private final int slots;
  private final ThreadLocal<float[][]> floats;
  private final ThreadLocal<double[][]> doubles;

  /** Room for {@code slots} float arrays and {@code slots} double arrays per thread. */
  public ScratchArrays(int slots) {
    checkArgument(slots > 0, "slots must be positive: %s", slots);
    this.slots = slots;
    this.floats = ThreadLocal.withInitial(() -> new float[slots][0]);
    this.doubles = ThreadLocal.withInitial(() -> new double[slots][0]);
  }

  /** This thread's float array in {@code slot}, at least {@code length} long. */
  public float[] floats(int slot, int length) {
    checkArgument(slot >= 0 && slot < slots, "slot %s outside [0, %s)", slot, slots);
    float[][] mine = floats.get();
    if (mine[slot].length < length) {
      mine[slot] = new float[length];
    }
    return mine[slot];
  }

  /** This thread's double array in {@code slot}, at least {@code length} long. */
  public double[] doubles(int slot, int length) {
    checkArgument(slot >= 0 && slot < slots, "slot %s outside [0, %s)", slot, slots);
    double[][] mine = doubles.get();
    if (mine[slot].length < length) {
      mine[slot] = new double[length];
    }
    return mine[slot];
  }
}
