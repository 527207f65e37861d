#!/usr/bin/env bash
# Side by side on one machine: the PyTorch peer (../shared/peers/torch_electra.py) and
# `tmr bench pretrain`, shape by shape, one after the other, with the same OpenBLAS kernel set, the same
# threads and the same batch x sequence length; then a Markdown table of tokens/s, peak RSS, their
# ratios and the utilisation of each side's in-process GEMM peak. Every figure in the table comes from
# this one run: quote the table with its header, never mix it with figures from another run or machine.
#
# Peer set-up (Debian 12; not installed by this script):
#   apt-get install -y python3-torch libopenblas0-openmp
# The peer is run with the OpenMP build of OpenBLAS (its fastest set-up) when that is installed.
#
# Usage: bench/side-by-side.sh [--shapes A,B,C] [--threads 2] [--warmup 15] [--steps 10]
#            [--blas-threading tmr,openblas] [--wait-idle 120] [--peer-dir ../shared/peers]
#            [--python /usr/bin/python3] [--repeat 1] [--out DIR] [--dry-run]
# --blas-threading: TMR runs once per mode listed (-Dtmr.blasThreading; docs/performance.md), one row each;
#   the first is the default mode. --dry-run prints what would run, and the kernel choice, without running.
# --repeat N: N rounds of the whole sequence (logs *-r1.log ... *-rN.log); each round's ratio divides by
#   that round's peer, run just before it, and the table gives the median and the range over the rounds
#   (one round's ratio moved by up to about +-0.2 at shape A, +-0.1 at B and C, on the project's 2-core machine).
# --warmup: untimed steps on both sides before the measured ones; 15 by default (3 until 2026-12-02): after 3,
#   the JVM's JIT can still be compiling TMR's loops and the peer can still be slow too. Two pairs of single
#   runs at shape A, 3 against 15 warm-up steps: TMR +17 % and +7 % tokens/s, the peer +5 % and +26 %
#   (docs/performance.md, "AVX-512 kernels on both sides").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

shapes="A,B,C"
modes="tmr,openblas"
threads=2
warmup=15
steps=10
wait_idle=120
repeat=1
peer_dir="$ROOT/../shared/peers"
python=/usr/bin/python3
out=""
dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --shapes) shapes="$2"; shift 2 ;;
    --blas-threading) modes="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --wait-idle) wait_idle="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --peer-dir) peer_dir="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --dry-run) dry=1; shift ;;
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "side-by-side: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
out="${out:-$ROOT/runs/side-by-side/$(date -u +%Y%m%d-%H%M%S)}"
case "$repeat" in
  ''|*[!0-9]*|0) echo "side-by-side: --repeat: '$repeat' is not a positive whole number" >&2; exit 2 ;;
esac

# The peer's model arguments for each shape (tmr-benchmarks Shapes.of builds the same models).
peer_args() {
  case "$1" in
    A) echo "--hidden 128 --layers 2 --heads 2 --vocab 8000" ;;
    B) echo "--hidden 256 --layers 4 --heads 4 --vocab 8000" ;;
    C) echo "--hidden 256 --layers 12 --heads 4 --vocab 30522" ;;
    *) echo "side-by-side: shape $1 has no peer equivalent (A, B, C)" >&2; return 1 ;;
  esac
}

# One kernel set for both sides: TMR's rule (an OPENBLAS_CORETYPE set in the environment is kept).
# shellcheck source=../tools/openblas-kernels.sh
. "$ROOT/tools/openblas-kernels.sh"
kernels="$(tmr_openblas_describe)"
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
tmr_opts="${TMR_JAVA_OPTS:--Xmx8g} -Dtmr.threads=$threads"
IFS=',' read -r -a mode_list <<< "$modes"
for m in "${mode_list[@]}"; do
  case "$m" in
    tmr|openblas) ;;
    *) echo "side-by-side: --blas-threading: '$m' is not tmr or openblas" >&2; exit 2 ;;
  esac
done

peer_script="$peer_dir/torch_electra.py"
peer_ok=1
peer_why=""
if [ ! -f "$peer_script" ]; then
  peer_ok=0; peer_why="no $peer_script"
elif ! [ -x "$python" ] || ! "$python" -c 'import torch' >/dev/null 2>&1; then
  peer_ok=0; peer_why="$python cannot import torch (apt-get install -y python3-torch libopenblas0-openmp)"
fi
peer_env=()
omp_dir=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ -d "$omp_dir" ]; then
  peer_env+=("LD_LIBRARY_PATH=$omp_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
fi

run() { # prints the command; runs it unless --dry-run; stdout+stderr to the log file $1
  local log="$1"; shift
  printf '  %q' "$@" >&2; printf ' > %q\n' "$log" >&2
  if [ "$dry" = 0 ]; then "$@" > "$log" 2>&1; fi
}

echo "side-by-side: $kernels; $threads threads; batch 32 x seq 128; shapes $shapes; results in $out" >&2
if [ "$peer_ok" = 0 ]; then
  echo "side-by-side: the peer will not run: $peer_why; TMR alone, no ratios" >&2
fi
[ "$dry" = 0 ] && mkdir -p "$out"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
IFS=',' read -r -a shape_list <<< "$shapes"
# Log names: peer-S.log, tmr-S-MODE.log; with --repeat N > 1 each name ends in -rI (round I).
suffix() { [ "$repeat" = 1 ] || echo "-r$1"; }
for round in $(seq 1 "$repeat"); do
for s in "${shape_list[@]}"; do
  pa="$(peer_args "$s")"
  peer_log="$out/peer-$s$(suffix "$round").log"
  peer_opt=()
  if [ "$peer_ok" = 1 ]; then
    # shellcheck disable=SC2086
    run "$peer_log" env ${peer_env[@]+"${peer_env[@]}"} "$python" "$peer_script" --name "$s" $pa --seq 128 --batch 32 --threads "$threads" \
      --warmup-steps "$warmup" --steps "$steps" --wait-idle "$wait_idle"
    peer_opt=(--peer "$peer_log")
  fi
  for m in "${mode_list[@]}"; do
    tmr_log="$out/tmr-$s-$m$(suffix "$round").log"
    run "$tmr_log" env TMR_JAVA_OPTS="$tmr_opts -Dtmr.blasThreading=$m" "$ROOT/tmr" bench pretrain --shape "$s" --batch 32 --seq 128 \
      --warmup "$warmup" --steps "$steps" ${peer_opt[@]+"${peer_opt[@]}"}
    if [ "$dry" = 0 ] && ! grep -q '^RESULT ' "$tmr_log"; then
      echo "side-by-side: shape $s ($m): tmr bench pretrain gave no result; its log: $tmr_log" >&2
      tail -n 5 "$tmr_log" >&2
    fi
  done
done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
[ "$dry" = 1 ] && exit 0

# The table, from the RESULT lines of this run only.
{
  rounds_text="one run"
  [ "$repeat" = 1 ] || rounds_text="one run ($repeat rounds)"
  echo "Side by side, $rounds_text of \`bench/side-by-side.sh\`: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown),"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $kernels; $threads threads, batch 32 x seq 128,"
  echo "$warmup warm-up + $steps measured steps (median); load average $load_before before, $load_after after."
  echo
  if command -v "$python" >/dev/null 2>&1; then
    "$python" - "$out" "$modes" "$repeat" "${shape_list[@]}" <<'PY'
import json, math, statistics, sys
out, modes, repeat, shapes = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), sys.argv[4:]
rounds = [""] if repeat == 1 else [f"-r{i}" for i in range(1, repeat + 1)]
def result(path):
    try:
        lines = [l for l in open(path, encoding="utf-8") if l.startswith("RESULT ")]
        return json.loads(lines[-1][7:]) if lines else None
    except OSError:
        return None
def f(v, fmt, unit=""):
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, fmt) + unit
def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None
def ranged(values, fmt, unit):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    text = format(statistics.median(values), fmt) + unit
    if len(values) > 1:
        text += f" [{format(min(values), fmt)}–{format(max(values), fmt)}]"
    return text
print("| shape | TMR matrix-product threads | peer tokens/s | TMR tokens/s | ratio | peer peak RSS | TMR peak RSS | ratio | peer utilisation | TMR utilisation | kernel set (peer / TMR) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for s in shapes:
    ps = [result(f"{out}/peer-{s}{r}.log") for r in rounds]
    for m in modes:
        ts = [result(f"{out}/tmr-{s}-{m}{r}.log") for r in rounds]
        label = f"{m} (default)" if m == modes[0] else m
        if all(t is None for t in ts):
            print(f"| {s} | {label} | – | no result | | | | | | | |")
            continue
        ok = [t for t in ts if t is not None]
        pt = med([p.get("tokens_per_s") for p in ps if p])
        prss = med([p.get("peak_rss_mib") / 1024 for p in ps if p])
        pu = med([p.get("mfu_vs_calibration") for p in ps if p])
        pk = "/".join(sorted({(p.get("env") or {}).get("openblas_core", "?") for p in ps if p})) or "–"
        tk = "/".join(sorted({t["kernel_set"] for t in ok}))
        print(f"| {s} | {label} | {f(pt, ',.0f')} | {f(med([t['tokens_per_s'] for t in ok]), ',.0f')} "
              f"| {ranged([t.get('ratio_tokens_per_s') for t in ok], '.2f', '×')} "
              f"| {f(prss, '.2f', ' GiB')} | {f(med([t['peak_rss_mib'] / 1024 for t in ok]), '.2f', ' GiB')} "
              f"| {ranged([t.get('ratio_peak_rss') for t in ok], '.2f', '×')} "
              f"| {f(None if pu is None else 100 * pu, '.1f', ' %')} "
              f"| {f(100 * med([t['utilisation'] for t in ok]), '.1f', ' %')} "
              f"({f(med([t['gemm_peak_gflops'] for t in ok]), '.0f')} GFLOP/s peak) | {pk} / {tk} |")
if repeat > 1:
    print()
    print(f"Cells: median over {repeat} rounds; ratios: median [range] of the rounds' own ratios (each round's TMR run against that round's peer).")
PY
  else
    echo "(no $python for the table; the RESULT lines:)"
    grep -h '^RESULT ' "$out"/*.log || true
  fi
} | tee "$out/table.md"
