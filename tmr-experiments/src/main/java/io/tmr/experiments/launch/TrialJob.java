package io.tmr.experiments.launch;

import java.nio.file.Path;

/** A trial handed to a launcher: its id and folder (holding {@code trial.json}). */
public record TrialJob(String id, Path trialDir) {}
