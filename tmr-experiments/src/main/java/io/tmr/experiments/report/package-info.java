/**
 * Reports of a sweep: {@link io.tmr.experiments.report.SweepResults} reads every trial (validation
 * metrics and curves from the pretraining run, fine-tuning results), {@link
 * io.tmr.experiments.report.ReportTable} lays them out like the paper (rows = arms, columns = tasks
 * or metrics, cells = median over seeds with the IQR, the difference to the baseline arm with a
 * paired Wilcoxon signed-rank test and a bootstrap interval, n), {@link
 * io.tmr.experiments.report.Report} writes Markdown and CSV and {@link
 * io.tmr.experiments.report.ReportPlots} the PNG figures; every output records the run ids and git
 * commits it came from.
 */
package io.tmr.experiments.report;
