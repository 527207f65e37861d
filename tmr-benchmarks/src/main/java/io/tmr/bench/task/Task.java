package io.tmr.bench.task;

/**
 * A benchmark task discovered through {@link java.util.ServiceLoader} (see {@link TaskRegistry}).
 *
 * <p>Implementations need a public no-argument constructor and a line in {@code
 * META-INF/services/io.tmr.bench.task.Task}. Every task is either a {@link TextTask} or a {@link
 * QaTask}; the registry rejects anything else so callers can rely on that split.
 */
public interface Task {

  /** The canonical name, as the GLUE leaderboard and papers spell it (e.g. {@code "STS-B"}). */
  String name();

  TaskKind kind();
}
