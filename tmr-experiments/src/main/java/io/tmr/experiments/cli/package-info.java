/**
 * The {@code tmr} command line: one picocli command class per subcommand, wired in {@link
 * io.tmr.experiments.cli.TmrCli}.
 */
package io.tmr.experiments.cli;
