package io.tmr.config.plugin;

/** A plugin interface for the tests. */
public interface Greeter {
  String name();
}
