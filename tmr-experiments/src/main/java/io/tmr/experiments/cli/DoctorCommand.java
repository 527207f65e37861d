package io.tmr.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.tmr.core.env.EnvironmentReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tmr doctor}: the environment report a user pastes into a bug report. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Print the environment: JVM, OS/CPU features, memory, ND4J backend and BLAS, threads, GPU/CUDA, caches, clients.")
final class DoctorCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print JSON instead of YAML.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ObjectMapper mapper = json
        ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        : new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    System.out.println(mapper.writeValueAsString(EnvironmentReport.collect()).stripTrailing());
    return 0;
  }
}
