package io.tmr.core.env;

import io.tmr.core.io.TmrHome;
import io.tmr.core.tensor.Simd;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Collects the environment as an ordered tree of plain values (maps, lists, strings, numbers),
 * ready for JSON or YAML. Each section is gathered independently; a section that fails reports its
 * error instead of aborting the report.
 */
public final class EnvironmentReport {
  private EnvironmentReport() {}

  /** The full report, ND4J included (initialises the ND4J backend). */
  public static Map<String, Object> collect() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("tmr", section(EnvironmentReport::tmr));
    r.put("jvm", section(EnvironmentReport::jvm));
    r.put("os", section(EnvironmentReport::os));
    r.put("cpu", section(EnvironmentReport::cpu));
    r.put("memory", section(EnvironmentReport::memory));
    r.put("nd4j", section(EnvironmentReport::nd4j));
    r.put("blas", section(BlasKernels::describe));
    r.put("simd", section(EnvironmentReport::simd));
    r.put("gpu", section(EnvironmentReport::gpu));
    r.put("environment", section(EnvironmentReport::variables));
    r.put("caches", section(EnvironmentReport::caches));
    r.put("clients", section(EnvironmentReport::clients));
    return r;
  }

  /** The subset recorded in run manifests: cheap and stable (no cache sizes, no client probes). */
  public static Map<String, Object> forManifest() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("tmr", section(EnvironmentReport::tmr));
    r.put("jvm", section(EnvironmentReport::jvm));
    r.put("os", section(EnvironmentReport::os));
    r.put("cpu", section(EnvironmentReport::cpu));
    r.put("nd4j", section(EnvironmentReport::nd4j));
    r.put("blas", section(BlasKernels::describe));
    r.put("simd", section(EnvironmentReport::simd));
    r.put("environment", section(EnvironmentReport::variables));
    return r;
  }

  /**
   * Whether the float32 vector kernels (exponential, maximum, sums, GELU, mask bits, attention's
   * per-head products) run through the Vector API ({@link Simd}), and why.
   */
  private static Map<String, Object> simd() {
    Simd.Status s = Simd.status();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vectorApi", s.enabled());
    m.put("floatLanes", s.floatLanes());
    m.put("why", s.why());
    m.put("option", "-D" + Simd.PROPERTY + "=auto|off (same results either way)");
    return m;
  }

  /** Where training runs, and why not on a GPU (docs/device-backend.md). */
  public static final String DEVICE_NOTE =
      "training runs on the CPU: TMR's layers are host code over OpenBLAS (ND4J's CPU backend), "
          + "and ND4J 1.0.0-M2.1's CUDA build carries machine code up to sm_86 and no PTX, so it cannot run on Hopper (sm_90) GPUs; "
          + "a GPU, if present, is not used (docs/device-backend.md)";

  private interface Section {
    Map<String, Object> get() throws Exception;
  }

  private static Object section(Section s) {
    try {
      return s.get();
    } catch (Throwable t) {
      return Map.of("error", t.getClass().getSimpleName() + ": " + t.getMessage());
    }
  }

  private static Map<String, Object> tmr() {
    Map<String, Object> m = new LinkedHashMap<>();
    Package p = EnvironmentReport.class.getPackage();
    m.put("version", p.getImplementationVersion() != null ? p.getImplementationVersion() : "dev");
    m.put("gitCommit", gitCommit());
    return m;
  }

  /**
   * The commit of the working tree TMR runs from ("-dirty" when it has uncommitted changes), or
   * "unknown".
   */
  public static String gitCommit() {
    String head = run(5, "git", "rev-parse", "HEAD");
    if (head == null || head.isBlank()) {
      return "unknown";
    }
    String status = run(10, "git", "status", "--porcelain", "--untracked-files=no");
    return head.strip() + (status != null && !status.isBlank() ? "-dirty" : "");
  }

  private static Map<String, Object> jvm() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", System.getProperty("java.runtime.version"));
    m.put("vendor", System.getProperty("java.vendor"));
    m.put("vm", System.getProperty("java.vm.name"));
    m.put("home", System.getProperty("java.home"));
    m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    List<String> gcs = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs.add(gc.getName());
    }
    m.put("gc", gcs);
    m.put("inputArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return m;
  }

  private static Map<String, Object> os() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", System.getProperty("os.name"));
    m.put("version", System.getProperty("os.version"));
    m.put("arch", System.getProperty("os.arch"));
    Path release = Paths.get("/etc/os-release");
    if (Files.isReadable(release)) {
      try {
        for (String line : Files.readAllLines(release)) {
          if (line.startsWith("PRETTY_NAME=")) {
            m.put("distribution", line.substring(12).replace("\"", ""));
          }
        }
      } catch (IOException e) {
        m.put("distribution", "unreadable: " + e.getMessage());
      }
    }
    return m;
  }

  private static Map<String, Object> cpu() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("logicalCores", Runtime.getRuntime().availableProcessors());
    Path info = Paths.get("/proc/cpuinfo");
    if (Files.isReadable(info)) {
      String model = null;
      String flags = "";
      for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
        if (model == null && line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).strip();
        }
        if (flags.isEmpty() && line.startsWith("flags")) {
          flags = " " + line.substring(line.indexOf(':') + 1).strip() + " ";
        }
      }
      m.put("model", model);
      List<String> features = new ArrayList<>();
      for (String f :
          new String[] {
            "sse4_2",
            "avx",
            "avx2",
            "fma",
            "avx512f",
            "avx512bw",
            "avx512vl",
            "avx512dq",
            "avx512cd",
            "avx512_bf16",
            "amx_tile"
          }) {
        if (flags.contains(" " + f + " ")) {
          features.add(f);
        }
      }
      m.put("features", features);
    }
    return m;
  }

  private static Map<String, Object> memory() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    Path info = Paths.get("/proc/meminfo");
    if (Files.isReadable(info)) {
      for (String line : Files.readAllLines(info)) {
        if (line.startsWith("MemTotal:") || line.startsWith("MemAvailable:")) {
          String[] parts = line.split("\\s+");
          m.put(parts[0].replace(":", "") + "MiB", Long.parseLong(parts[1]) >> 10);
        }
      }
    }
    return m;
  }

  private static Map<String, Object> nd4j() {
    Map<String, Object> m = new LinkedHashMap<>();
    org.nd4j.linalg.factory.Nd4jBackend backend = org.nd4j.linalg.factory.Nd4j.getBackend();
    m.put("backend", backend.getClass().getName());
    m.put("dataType", org.nd4j.linalg.factory.Nd4j.dataType().toString());
    m.put(
        "blasVendor",
        String.valueOf(org.nd4j.linalg.factory.Nd4j.factory().blas().getBlasVendor()));
    m.put("blasThreads", org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads());
    // The threads TMR's matrix products run on (tmr.threads under the default blasThreading=tmr,
    // where OpenBLAS itself is single-threaded): what a re-run needs to sum in the same order.
    m.put("gemmThreads", io.tmr.core.tensor.Blas.gemmThreads());
    m.put("blasThreading", io.tmr.core.tensor.Blas.threading().value());
    m.put("maxMasterThreads", org.nd4j.linalg.factory.Nd4j.getEnvironment().maxMasterThreads());
    m.put("maxThreads", org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads());
    Map<String, Object> info = new LinkedHashMap<>();
    org.nd4j.linalg.factory.Nd4j.getExecutioner()
        .getEnvironmentInformation()
        .forEach((k, v) -> info.put(String.valueOf(k), String.valueOf(v)));
    m.put("environmentInformation", info);
    return m;
  }

  private static Map<String, Object> gpu() {
    Map<String, Object> m = new LinkedHashMap<>();
    String smi =
        run(
            10,
            "nvidia-smi",
            "--query-gpu=name,driver_version,memory.total",
            "--format=csv,noheader");
    m.put("nvidiaSmi", smi == null ? "not found (no NVIDIA GPU or driver)" : smi.strip());
    String nvcc = run(10, "nvcc", "--version");
    m.put("nvcc", nvcc == null ? "not found" : nvcc.strip().lines().reduce((a, b) -> b).orElse(""));
    m.put("CUDA_VISIBLE_DEVICES", String.valueOf(System.getenv("CUDA_VISIBLE_DEVICES")));
    m.put("usedByTmr", "no");
    m.put("why", DEVICE_NOTE);
    return m;
  }

  private static Map<String, Object> variables() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String k :
        new String[] {
          "OPENBLAS_CORETYPE",
          BlasKernels.MARKER,
          "OPENBLAS_L2_SIZE",
          "OPENBLAS_NUM_THREADS",
          "OMP_NUM_THREADS",
          "TMR_HOME",
          "TMR_PLUGIN_PATH",
          "JAVA_HOME"
        }) {
      m.put(k, String.valueOf(System.getenv(k)));
    }
    return m;
  }

  private static Map<String, Object> caches() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tmrHome", TmrHome.root().toString());
    for (Path p : List.of(TmrHome.packages(), TmrHome.corpora(), TmrHome.vocabularies())) {
      m.put(p.getFileName().toString(), Files.isDirectory(p) ? sizeMiB(p) + " MiB" : "absent");
    }
    m.put(
        "mavenRepository",
        Paths.get(System.getProperty("user.home"), ".m2", "repository").toString());
    return m;
  }

  private static Map<String, Object> clients() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String[] probe :
        new String[][] {
          {"npm", "--version"},
          {"apt-get", "--version"},
          {"dpkg", "--version"},
          {"git", "--version"},
          {"sbatch", "--version"}
        }) {
      String out = run(10, probe);
      m.put(probe[0], out == null ? "not found" : out.strip().lines().findFirst().orElse(""));
    }
    return m;
  }

  private static long sizeMiB(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() >> 20;
    }
  }

  /** Runs a command, returning its output, or null when it is missing, fails or times out. */
  static String run(int timeoutSeconds, String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
