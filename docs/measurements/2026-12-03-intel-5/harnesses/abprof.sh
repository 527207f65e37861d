#!/bin/bash
# Interleaved profile A/B: sections of `tmr bench pretrain -Dtmr.profile=true`, /tmp/base vs /work/main.
SHAPE=${1:-B}; ROUNDS=${2:-2}; shift 2
for r in $(seq 1 $ROUNDS); do
  for side in /tmp/base /work/main; do
    out=$(cd $side && TMR_JAVA_OPTS=-Dtmr.profile=true ./tmr bench pretrain --shape $SHAPE "$@" 2>&1 | grep '^RESULT')
    echo "$r $(basename $side) $(echo "$out" | python3 -c '
import json,sys; j=json.loads(sys.stdin.read()[7:]); p=j["profile_ms_per_step"]
keys=["bias grad (fused column sums)","clipping","adamw","layernorm with dropout+residual","layernorm backward with dropout","gemm [discriminator]","gemm per head (parallel) [discriminator]","gemm per head (parallel) [generator]","gelu","gelu backward","bias broadcast","layernorm","layernorm backward","dropout+residual","gemv(bias grad)"]
short=["bsum","clip","adamw","lnR","lnBD","gD","phD","phG","gelu","geluB","bias","ln","lnB","dr","gemv"]
dense=sum(v for k,v in p.items() if k.startswith("gemm [")) + p.get("bias broadcast",0)
print("dense+bias %.1f | " % dense, end="")
print("step %.1f util %.1f%% peak %.0f | " % (j["step_ms"],100*j["utilisation"],j["gemm_peak_gflops"]) + " ".join("%s %.1f"%(s,p.get(k,0)) for s,k in zip(short,keys)))')"
  done
done
