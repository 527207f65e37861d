package io.tmr.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TensorTest {
  private static Matrix random(DataType dt, RandomStream r, int rows, int cols) {
    Matrix m = Matrix.allocate(dt, rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, 2 * r.nextDouble() - 1);
    }
    return m;
  }

  @ParameterizedTest
  @CsvSource({
    "FLOAT,false,false",
    "FLOAT,true,false",
    "FLOAT,false,true",
    "FLOAT,true,true",
    "DOUBLE,false,false",
    "DOUBLE,true,true"
  })
  void gemmOnSubBlocksMatchesNaiveProduct(DataType dt, boolean transA, boolean transB) {
    RandomStream r = new RandomStream(1);
    int m = 5;
    int n = 3;
    int k = 4;
    // A and B live at offsets inside larger buffers with padded leading dimensions.
    int lda = 9;
    int ldb = 7;
    int ldc = 6;
    Matrix a = random(dt, r, 8, lda);
    Matrix b = random(dt, r, 8, ldb);
    Matrix c = random(dt, r, 8, ldc);
    Matrix original = Matrix.allocate(dt, 8, ldc);
    original.copyFrom(c);
    long aOff = 2;
    long bOff = 3;
    long cOff = ldc + 1;
    Blas.gemm(transA, transB, m, n, k, 0.5, a, aOff, lda, b, bOff, ldb, 2.0, c, cOff, ldc);
    assertBlockIsNaiveProduct(
        transA,
        transB,
        m,
        n,
        k,
        a,
        aOff,
        lda,
        b,
        bOff,
        ldb,
        original,
        c,
        cOff,
        ldc,
        dt == DataType.FLOAT ? 1e-5 : 1e-13);
    // Elements of C outside the block are untouched.
    assertEquals(original.get(0), c.get(0));
    assertEquals(original.get((int) cOff + n), c.get((int) cOff + n));
  }

  /**
   * Products large enough to be split over threads (by rows of C when m >= n, by columns
   * otherwise), on sub-blocks with padded leading dimensions: every element matches the naive
   * product, elements outside the block are untouched, and a second call gives the same bits.
   */
  @ParameterizedTest
  @CsvSource({
    "FLOAT,false,false,300,200,70",
    "FLOAT,true,false,300,200,70",
    "FLOAT,false,true,40,700,150",
    "FLOAT,true,true,40,700,150",
    "DOUBLE,false,true,333,130,97",
    "DOUBLE,true,false,50,333,129"
  })
  void largeProductsSplitOverThreadsMatchNaiveProduct(
      DataType dt, boolean transA, boolean transB, int m, int n, int k) {
    RandomStream r = new RandomStream(2);
    int lda = (transA ? m : k) + 3;
    int ldb = (transB ? k : n) + 5;
    int ldc = n + 2;
    Matrix a = random(dt, r, (transA ? k : m) + 2, lda);
    Matrix b = random(dt, r, (transB ? n : k) + 2, ldb);
    Matrix c = random(dt, r, m + 2, ldc);
    Matrix original = Matrix.allocate(dt, m + 2, ldc);
    original.copyFrom(c);
    long aOff = lda + 1;
    long bOff = 2;
    long cOff = ldc + 1;
    Blas.gemm(transA, transB, m, n, k, 0.5, a, aOff, lda, b, bOff, ldb, 2.0, c, cOff, ldc);
    assertBlockIsNaiveProduct(
        transA,
        transB,
        m,
        n,
        k,
        a,
        aOff,
        lda,
        b,
        bOff,
        ldb,
        original,
        c,
        cOff,
        ldc,
        dt == DataType.FLOAT ? 1e-4 : 1e-12);
    for (int j = 0; j < ldc; j++) {
      assertEquals(original.get(j), c.get(j), "row above the block");
    }
    assertEquals(original.get((int) cOff + n), c.get((int) cOff + n), "right of the block");
    Matrix again = Matrix.allocate(dt, m + 2, ldc);
    again.copyFrom(original);
    Blas.gemm(transA, transB, m, n, k, 0.5, a, aOff, lda, b, bOff, ldb, 2.0, again, cOff, ldc);
    for (int i = 0; i < c.size(); i++) {
      assertEquals(c.get(i), again.get(i), "element " + i + " differs between two calls");
    }
  }

  @Test
  void splitPointsAreAlignedAndCoverTheRange() {
    for (int dim : new int[] {32, 33, 100, 608, 4096, 8000}) {
      for (int parts : new int[] {1, 2, 3, 8}) {
        assertEquals(0, Blas.splitPoint(dim, 0, parts));
        assertEquals(dim, Blas.splitPoint(dim, parts, parts));
        for (int p = 1; p < parts; p++) {
          int at = Blas.splitPoint(dim, p, parts);
          assertEquals(0, at % 16, "split point " + at);
          assertTrue(at >= Blas.splitPoint(dim, p - 1, parts) && at <= dim);
        }
      }
    }
  }

  @Test
  void blasThreadingOption() {
    assertEquals(Blas.Threading.TMR, Blas.threadingFrom(null));
    assertEquals(Blas.Threading.TMR, Blas.threadingFrom(" TMR "));
    assertEquals(Blas.Threading.OPENBLAS, Blas.threadingFrom("openblas"));
    assertThrows(IllegalArgumentException.class, () -> Blas.threadingFrom("mkl"));
    if (Blas.threading() == Blas.Threading.TMR) {
      assertEquals(1, Blas.threads(), "OpenBLAS runs single-threaded under tmr.blasThreading=tmr");
      assertEquals(Parallel.threads(), Blas.gemmThreads());
    }
  }

  @Test
  void forPartsRunsEveryPartOnce() {
    for (int parts : new int[] {0, 1, 2, 3, 9}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, parts));
      Parallel.forParts(parts, seen::incrementAndGet);
      for (int p = 0; p < parts; p++) {
        assertEquals(1, seen.get(p), "part " + p + " of " + parts);
      }
    }
  }

  /** A failure in any chunk reaches the caller, and the team keeps working afterwards. */
  @Test
  void forChunksRethrowsAFailureFromAnyChunk() {
    for (int failing = 0; failing < Parallel.CHUNKS; failing++) {
      int bad = failing;
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Parallel.forChunks(
                      1 << 20,
                      1,
                      (chunk, start, end) -> {
                        if (chunk == bad) {
                          throw new IllegalStateException("chunk " + bad);
                        }
                      }));
      assertEquals("chunk " + bad, e.getMessage());
    }
    forChunksVisitsEveryIndexOnce();
  }

  /**
   * Two threads splitting at the same time (the asynchronous generator and the discriminator) both
   * complete every split correctly; nested splits run inline.
   */
  @Test
  void concurrentAndNestedSplitsComplete() throws Exception {
    int n = 1 << 17;
    Runnable work =
        () -> {
          for (int round = 0; round < 300; round++) {
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            Parallel.forChunks(
                n,
                1,
                (chunk, start, end) -> {
                  for (int i = start; i < end; i++) {
                    seen.incrementAndGet(i);
                  }
                  Parallel.forParts(2, part -> seen.incrementAndGet(chunk * 2 + part));
                });
            for (int i = 0; i < n; i++) {
              int expected = i < 2 * Parallel.CHUNKS ? 2 : 1;
              if (seen.get(i) != expected) {
                throw new AssertionError("index " + i + " seen " + seen.get(i) + " times");
              }
            }
          }
        };
    Thread other = new Thread(work);
    Throwable[] failure = new Throwable[1];
    other.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
    other.start();
    work.run();
    other.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  @Test
  void gemmRejectsBlocksPastCapacity() {
    Matrix a = Matrix.allocate(DataType.FLOAT, 2, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> Blas.gemm(false, false, 2, 2, 2, 1, a, 1, 2, a, 0, 2, 0, a, 0, 2));
  }

  @Test
  void columnSumsAccumulate() {
    Matrix a = Matrix.allocate(DataType.DOUBLE, 3, 2);
    for (int i = 0; i < 6; i++) {
      a.set(i, i + 1); // rows (1,2) (3,4) (5,6)
    }
    Matrix ones = Matrix.empty(DataType.DOUBLE);
    Ops.ensureOnes(ones, 3);
    Matrix y = Matrix.allocate(DataType.DOUBLE, 1, 2);
    y.set(0, 100);
    Blas.columnSums(1.0, a, ones, 1.0, y);
    assertEquals(109, y.get(0));
    assertEquals(12, y.get(1));
  }

  @Test
  void wrapSharesMemoryWithAViewAndResizeKeepsCapacity() {
    INDArray fused = Nd4j.create(DataType.FLOAT, 6, 3);
    INDArray rows = fused.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
    Matrix view = Matrix.wrap(rows);
    assertEquals(2, view.rows());
    assertEquals(3, view.cols());
    view.set(1, 2, 7.5);
    assertEquals(7.5f, fused.getFloat(3, 2));
    fused.putScalar(2, 0, -1.25f);
    assertEquals(-1.25, view.get(0, 0));
    assertThrows(
        IllegalStateException.class, () -> view.resize(3, 3), "wrapped matrices cannot grow");

    Matrix m = Matrix.allocate(DataType.DOUBLE, 4, 4);
    m.resize(2, 3);
    assertEquals(16, m.capacity());
    assertEquals(6, m.size());
    m.resize(5, 5);
    assertEquals(25, m.capacity());
    INDArray copy = m.toINDArray();
    assertEquals(5, copy.size(0));
  }

  @Test
  void expfIsFloatAccurate() {
    double worst = 0;
    for (float x = -87f; x < 88f; x += 0.001f) {
      double exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(FastMath.expf(x) - exact) / exact);
    }
    assertTrue(worst < 3e-7, "max relative error " + worst);
    assertEquals(1f, FastMath.expf(0f));
    assertEquals(0f, FastMath.expf(-100f));
    assertEquals(Float.POSITIVE_INFINITY, FastMath.expf(100f));
  }

  @Test
  void vectorisedExpIsFloatAccurateAndClamps() {
    int n = 175_001;
    float[] a = new float[n + 2];
    for (int i = 0; i < n; i++) {
      a[i] = -87f + 175f * i / (n - 1);
    }
    a[n] = -1000f;
    a[n + 1] = 1000f;
    float[] original = a.clone();
    FastMath.expInPlace(a, a.length, new float[a.length]);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double exact = Math.exp(original[i]);
      worst = Math.max(worst, Math.abs(a[i] - exact) / exact);
    }
    assertTrue(worst < 2e-7, "max relative error " + worst);
    assertTrue(a[n] > 0 && a[n] < 2e-38, "clamped below: " + a[n]);
    assertTrue(a[n + 1] > 3e38f, "clamped above: " + a[n + 1]);
  }

  @Test
  void maxOfAPrefixIsTheLargestElementWithMathMaxSemantics() {
    RandomStream random = new RandomStream(5);
    float[] a = new float[131];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
    }
    for (int n : new int[] {1, 3, 4, 17, 128, 131}) {
      float expected = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        expected = Math.max(expected, a[i]);
      }
      assertEquals(expected, FastMath.max(a, n), "n = " + n);
    }
    assertEquals(Float.NEGATIVE_INFINITY, FastMath.max(a, 0));
    // +0 beats -0 in either order, and NaN wins, as Math.max says.
    assertEquals(
        Float.floatToRawIntBits(0f),
        Float.floatToRawIntBits(FastMath.max(new float[] {-0f, 0f}, 2)));
    assertEquals(
        Float.floatToRawIntBits(0f),
        Float.floatToRawIntBits(FastMath.max(new float[] {0f, -0f}, 2)));
    assertTrue(Float.isNaN(FastMath.max(new float[] {1f, Float.NaN, 2f}, 3)));
  }

  @Test
  void randomStreamStateResumesAndTruncatedNormalIsBounded() {
    RandomStream a = new RandomStream(42);
    for (int i = 0; i < 10; i++) {
      a.nextLong();
    }
    RandomStream b = new RandomStream(a.state());
    for (int i = 0; i < 100; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
    double sum = 0;
    double sq = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      double v = a.nextTruncatedNormal(0.02);
      assertTrue(Math.abs(v) <= 0.04);
      sum += v;
      sq += v * v;
    }
    // A normal truncated at 2 sigma has standard deviation 0.8796 sigma.
    assertEquals(0.0, sum / n, 2e-4);
    assertEquals(0.02 * 0.8796, Math.sqrt(sq / n), 2e-4);
  }

  @Test
  void forChunksVisitsEveryIndexOnce() {
    for (int n : new int[] {0, 1, 7, 1000, 1 << 20}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, n));
      Parallel.forChunks(
          n,
          1,
          (chunk, start, end) -> {
            assertEquals(Parallel.chunkStart(n, chunk), start);
            for (int i = start; i < end; i++) {
              seen.incrementAndGet(i);
            }
          });
      for (int i = 0; i < n; i++) {
        assertEquals(1, seen.get(i), "index " + i + " of " + n);
      }
    }
  }

  /**
   * Every element of C's m x n block at {@code cOff} is {@code 0.5 op(A) op(B) + 2 original}, with
   * the product summed naively in double.
   */
  private static void assertBlockIsNaiveProduct(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      Matrix a,
      long aOff,
      int lda,
      Matrix b,
      long bOff,
      int ldb,
      Matrix original,
      Matrix c,
      long cOff,
      int ldc,
      double tol) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double av = transA ? a.get((int) aOff + p * lda + i) : a.get((int) aOff + i * lda + p);
          double bv = transB ? b.get((int) bOff + j * ldb + p) : b.get((int) bOff + p * ldb + j);
          s += av * bv;
        }
        int idx = (int) cOff + i * ldc + j;
        assertEquals(0.5 * s + 2.0 * original.get(idx), c.get(idx), tol, "C[" + i + "][" + j + "]");
      }
    }
  }
}
