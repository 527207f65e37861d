/**
 * Launchers run a sweep's trials, one JVM per trial ({@code tmr sweep trial DIR}), as plugins found
 * with {@link java.util.ServiceLoader} ({@link io.tmr.experiments.launch.LauncherProvider}): {@code
 * local} (a pool of worker processes on this machine, each with a thread budget) and {@code slurm}
 * (job arrays submitted with {@code sbatch}, followed with {@code squeue} and {@code scontrol},
 * re-attached across submissions). {@link io.tmr.experiments.launch.SweepRunner} skips finished
 * trials, hands the rest to a launcher, surfaces every failure as it happens with its log tail,
 * draws the overall progress and writes the summary.
 */
package io.tmr.experiments.launch;
