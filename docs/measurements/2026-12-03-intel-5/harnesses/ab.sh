#!/bin/bash
# Interleaved A/B of `tmr bench pretrain`: /tmp/base (session start) against /work/main.
SHAPE=${1:-B}; ROUNDS=${2:-4}; shift 2
for r in $(seq 1 $ROUNDS); do
  for side in /tmp/base /work/main; do
    out=$(cd $side && ./tmr bench pretrain --shape $SHAPE "$@" 2>&1 | grep '^RESULT')
    echo "$r $(basename $side) $(echo "$out" | python3 -c 'import json,sys; j=json.loads(sys.stdin.read()[7:]); print("step %.1f ms  tok/s %.0f  util %.2f%%  peak %.0f  rss %.0f MiB" % (j["step_ms"], j["tokens_per_s"], 100*j["utilisation"], j["gemm_peak_gflops"], j["peak_rss_mib"]))')"
  done
done
