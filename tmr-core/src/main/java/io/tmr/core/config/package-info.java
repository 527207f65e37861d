/**
 * Described and validated configuration: every option is a named, typed key with a default and a
 * description ({@link io.tmr.core.config.ConfigSpec}); configs come from YAML files plus
 * {@code key=value} overrides, and an unknown key is an error naming the nearest valid one.
 */
package io.tmr.core.config;
