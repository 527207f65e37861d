#!/bin/bash
# prof.sh SHAPE [java opts...]: one profiled bench run, sections sorted
SHAPE=$1; shift
cd ${DIR:-/work/main}; TMR_JAVA_OPTS="-Xmx8g -Dtmr.profile=true $*" ./tmr bench pretrain --shape $SHAPE 2>&1 | grep RESULT | python3 -c '
import json,sys; j=json.loads(sys.stdin.read()[7:]); p=j["profile_ms_per_step"]
print("step %.1f util %.2f%% peak %.0f" % (j["step_ms"], 100*j["utilisation"], j["gemm_peak_gflops"]))
for k,v in sorted(p.items(), key=lambda kv:-kv[1])[:26]: print("%8.2f  %s"%(v,k))'
