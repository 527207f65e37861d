package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** tmr-replay is pure Java: ND4J and the other TMR modules are not even on its class path. */
class ModuleBoundaryTest {
  @Test
  void nd4jAndOtherModulesAreAbsentFromTheClassPath() {
    for (String name :
        new String[] {
          "org.nd4j.linalg.factory.Nd4j",
          "org.bytedeco.javacpp.Loader",
          "io.tmr.core.text.Vocabulary"
        }) {
      assertThrows(
          ClassNotFoundException.class,
          () -> Class.forName(name),
          name + " must not be visible to tmr-replay");
    }
  }
}
