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
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Print the environment: JVM, OS/CPU features, memory, ND4J backend and BLAS, the OpenBLAS kernel set in use",
      "(read from OpenBLAS) and why, threads, GPU/CUDA (training runs on the CPU), caches, clients."
    })
final class DoctorCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print JSON instead of YAML.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ObjectMapper mapper =
        json
            ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            : new ObjectMapper(
                new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    java.util.Map<String, Object> report = EnvironmentReport.collect();
    System.out.println(mapper.writeValueAsString(report).stripTrailing());
    // The two facts people ask about first, in words, on standard error (standard output stays
    // YAML/JSON).
    if (report.get("blas") instanceof java.util.Map<?, ?> blas) {
      System.err.println(
          "doctor: OpenBLAS kernel set in use: " + blas.get("kernelSet") + "; " + blas.get("why"));
    }
    System.err.println("doctor: " + EnvironmentReport.DEVICE_NOTE);
    return 0;
  }
}
