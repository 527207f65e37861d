package io.tmr.config.plugin;

/**
 * A plugin jar or the plugin path is unusable; the message is one line naming the jar (or folder),
 * the class and what is wrong.
 */
public final class PluginException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public PluginException(String message) {
    super(message);
  }

  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
