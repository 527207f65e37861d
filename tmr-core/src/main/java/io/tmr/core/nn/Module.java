package io.tmr.core.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of the model tree that owns or references parameters.
 *
 * <p>Enumeration order is part of the contract: {@link #collectParameters} visits parameters in a
 * fixed construction order (children in their forward order), which is the order of checkpoints,
 * optimizer state and exports. A parameter shared by several modules may be visited more than once;
 * {@link Parameters#of} keeps its first occurrence.
 */
public interface Module {
  /** Appends this module's parameters, in a stable order, to {@code out}. */
  void collectParameters(List<Parameter> out);

  /** This module's parameters, first occurrence of each shared one only. */
  default List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    collectParameters(all);
    return Parameters.distinct(all);
  }
}
