package io.tmr.core.config;

/** A configuration is invalid; the message names the file or override, the option and the fix. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
