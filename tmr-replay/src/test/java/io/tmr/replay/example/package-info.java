/**
 * An example third-party strategy, compiled and tested with the build: proof that a new strategy is
 * one class plus one {@code META-INF/services} line, found by name like the built-ins. The tutorial
 * in {@code docs/replay-strategies.md} walks through it.
 */
package io.tmr.replay.example;
