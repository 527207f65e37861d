package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.config.plugin.Plugins;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks available on the class path and in the plugin jars, found with {@link
 * java.util.ServiceLoader} from {@code META-INF/services/io.tmr.bench.task.Task}.
 *
 * <p>Lookup ignores case and the separators {@code - _ . space}, so {@code sst2}, {@code SST-2} and
 * {@code sst_2} all name SST-2, while {@code MNLI-m} and {@code MNLI-mm} stay distinct.
 */
public final class TaskRegistry {

  private final Map<String, Task> byKey;

  private TaskRegistry(Map<String, Task> byKey) {
    this.byKey = byKey;
  }

  /**
   * The tasks registered on TMR's class path and in the plugin jars ({@link Plugins#current()}).
   */
  public static TaskRegistry load() {
    return load(Plugins.current());
  }

  public static TaskRegistry load(ClassLoader loader) {
    return load(Plugins.over(loader));
  }

  /** The tasks of {@code plugins}; a broken plugin jar is one line naming the jar and the class. */
  public static TaskRegistry load(Plugins plugins) {
    return of(plugins.load(Task.class), plugins);
  }

  /**
   * A registry of exactly these tasks.
   *
   * @throws IllegalArgumentException if a task is neither a {@link TextTask} nor a {@link QaTask},
   *     or two tasks share a lookup key
   */
  public static TaskRegistry of(Collection<? extends Task> tasks) {
    return of(tasks, Plugins.current());
  }

  private static TaskRegistry of(Collection<? extends Task> tasks, Plugins plugins) {
    Map<String, Task> byKey = new LinkedHashMap<>();
    for (Task task : tasks) {
      checkArgument(
          task instanceof TextTask || task instanceof QaTask,
          "task %s (%s) must implement TextTask or QaTask",
          task.name(),
          plugins.describe(task.getClass()));
      checkArgument(
          task.name() != null && !task.name().isBlank(),
          "task %s has no name",
          plugins.describe(task.getClass()));
      Task previous = byKey.putIfAbsent(key(task.name()), task);
      checkArgument(
          previous == null,
          "tasks %s (%s) and %s (%s) have the same name",
          previous == null ? "" : previous.name(),
          previous == null ? "" : plugins.describe(previous.getClass()),
          task.name(),
          plugins.describe(task.getClass()));
    }
    return new TaskRegistry(byKey);
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_. ]", "");
  }

  /** All tasks, in registration order. */
  public List<Task> tasks() {
    return List.copyOf(byKey.values());
  }

  /** Canonical names, in registration order. */
  public List<String> names() {
    return byKey.values().stream().map(Task::name).toList();
  }

  public Optional<Task> find(String name) {
    return Optional.ofNullable(byKey.get(key(name)));
  }

  /** The task called {@code name}; the exception lists the known names. */
  public Task get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown task '" + name + "'; known tasks: " + String.join(", ", names())));
  }

  public TextTask textTask(String name) {
    Task task = get(name);
    if (task instanceof TextTask t) {
      return t;
    }
    throw new IllegalArgumentException(
        task.name() + " is not a sentence(-pair) classification/regression task");
  }

  public QaTask qaTask(String name) {
    Task task = get(name);
    if (task instanceof QaTask t) {
      return t;
    }
    throw new IllegalArgumentException(task.name() + " is not a question-answering task");
  }
}
