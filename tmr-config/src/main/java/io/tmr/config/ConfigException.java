package io.tmr.config;

/**
 * A configuration is invalid; the message names the file (and line) or override, the option and the
 * fix.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
