package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The heap-block transpose of the float32 attention path, on blocks inside wider rows. */
class SelfAttentionTransposeTest {
  @Test
  void transposesABlockOfWiderRowsForEveryShape() {
    for (int rows : new int[] {1, 7, 8, 9, 16, 23, 128}) {
      for (int cols : new int[] {1, 5, 64}) {
        int ld = cols + 11;
        int offset = 3;
        float[] from = new float[offset + rows * ld];
        for (int i = 0; i < from.length; i++) {
          from[i] = i;
        }
        float[] to = new float[rows * cols + 4];
        java.util.Arrays.fill(to, -1f);
        SelfAttention.transpose(from, offset, ld, to, rows, cols);
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < cols; j++) {
            assertEquals(from[offset + r * ld + j], to[j * rows + r], rows + "x" + cols);
          }
        }
        for (int i = rows * cols; i < to.length; i++) {
          assertEquals(-1f, to[i], "written past the block: " + rows + "x" + cols);
        }
      }
    }
  }
}
