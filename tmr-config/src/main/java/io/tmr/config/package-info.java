/**
 * Described and validated configuration, shared by every module and by plugins (no ND4J): every
 * option is a named, typed key with a default, a requirement and a description ({@link
 * io.tmr.config.ConfigKey}, collected in a {@link io.tmr.config.ConfigSpec}); a {@link
 * io.tmr.config.Config} comes from the defaults, YAML files (read with line numbers, duplicate keys
 * refused) and {@code key=value} overrides, and an unknown key is an error naming the nearest valid
 * one.
 */
package io.tmr.config;
