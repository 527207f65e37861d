/**
 * What this process runs on: JVM, OS, CPU features, memory, ND4J backend and BLAS, threads, GPU,
 * caches and the git commit. Feeds {@code tmr doctor} and every run manifest.
 */
package io.tmr.core.env;
