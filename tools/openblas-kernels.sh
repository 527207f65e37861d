# shellcheck shell=bash
# TMR's choice of OpenBLAS kernel set, in one place. Source it (". tools/openblas-kernels.sh") before
# starting a JVM that uses OpenBLAS: the launcher ./tmr, .ci/run, the tests' JVM (tools/test-jvm/bin/java)
# and bench/side-by-side.sh do. The same rule, in Java, is io.tmr.core.env.BlasKernels (for the JVMs that
# TMR starts itself); BlasKernelsTest checks that the two agree.
#
# Why: ND4J 1.0.0-M2.1 bundles OpenBLAS 0.3.19, which does not recognise recent CPUs and then falls back
# to slow generic kernels (35 GFLOP/s instead of 230 on this project's AVX-512 machine).
#
# The rule:
#   - OPENBLAS_CORETYPE already set (non-empty) by the machine or the user: never changed. Some machines
#     set it because other kernel sets crash or compute wrongly there.
#   - otherwise SkylakeX where every CPU's flags include avx512f, avx512bw, avx512vl, avx512dq and avx512cd;
#   - otherwise Haswell where every CPU's flags include avx2 and fma;
#   - otherwise nothing: OpenBLAS detects the CPU itself.
# A choice made here is marked with TMR_OPENBLAS_CORETYPE_CHOSEN (same value), so that `tmr doctor` can say
# where the setting came from, and so that a JVM on another machine (a Slurm node) that inherits the
# variables chooses again for its own CPU instead of taking the marked value for an explicit setting.
# TMR_CPUINFO names another cpuinfo file (for tests); default /proc/cpuinfo.

# True when every "flags" line of the cpuinfo file contains every flag given.
_tmr_cpu_has_all() {
  awk -v want="$*" '
    BEGIN { n = split(want, w, " ") }
    /^flags[ \t]*:/ {
      lines++; ok = 1; line = " " substr($0, index($0, ":") + 1) " "; gsub(/[ \t]+/, " ", line)
      for (i = 1; i <= n; i++) if (index(line, " " w[i] " ") == 0) ok = 0
      good += ok
    }
    END { exit !(lines > 0 && good == lines) }' "${TMR_CPUINFO:-/proc/cpuinfo}" 2>/dev/null
}

# The kernel set TMR's rule gives this CPU (SkylakeX, Haswell), or nothing.
tmr_openblas_rule() {
  if _tmr_cpu_has_all avx512f avx512bw avx512vl avx512dq avx512cd; then
    echo SkylakeX
  elif _tmr_cpu_has_all avx2 fma; then
    echo Haswell
  fi
}

# Applies the rule to this shell's environment (exported).
tmr_openblas_kernels() {
  if [ -n "${OPENBLAS_CORETYPE:-}" ] && [ "${OPENBLAS_CORETYPE}" != "${TMR_OPENBLAS_CORETYPE_CHOSEN:-}" ]; then
    unset TMR_OPENBLAS_CORETYPE_CHOSEN   # an explicit setting: kept as it is
    return 0
  fi
  local chosen
  chosen="$(tmr_openblas_rule)"
  if [ -n "$chosen" ]; then
    export OPENBLAS_CORETYPE="$chosen" TMR_OPENBLAS_CORETYPE_CHOSEN="$chosen"
  elif [ -n "${TMR_OPENBLAS_CORETYPE_CHOSEN:-}" ]; then
    unset OPENBLAS_CORETYPE TMR_OPENBLAS_CORETYPE_CHOSEN   # a choice made for another CPU
  fi
  return 0
}

# One line for logs: what is in effect and why.
tmr_openblas_describe() {
  if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
    echo "OPENBLAS_CORETYPE unset: OpenBLAS detects the CPU itself (TMR's rule has no kernel set for this CPU)"
  elif [ "${OPENBLAS_CORETYPE}" = "${TMR_OPENBLAS_CORETYPE_CHOSEN:-}" ]; then
    echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE}, chosen by TMR from the CPU flags"
  else
    echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE}, set in the environment (kept as it is)"
  fi
}

tmr_openblas_kernels
