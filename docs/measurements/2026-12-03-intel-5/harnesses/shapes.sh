#!/bin/bash
cd ${DIR:-/work/main}; TMR_JAVA_OPTS="-Xmx8g -Dtmr.profile=true -Dtmr.gemmShapes=true $*" ./tmr bench pretrain --shape ${SHAPE:-B} 2>&1 | grep RESULT | python3 -c '
import json,sys,re; j=json.loads(sys.stdin.read()[7:]); p=j["profile_ms_per_step"]; 
print("step", j["step_ms"])
rows=[(k,v) for k,v in p.items() if k.startswith("X ")]
for k,v in sorted(rows, key=lambda kv:-kv[1])[:16]:
    m=re.match(r"X (\w\w) (\d+)x(\d+)x(\d+) b(\d) \[(\w+)\]",k)
    M,N,K=int(m.group(2)),int(m.group(3)),int(m.group(4))
    calls=4 if m.group(6) in ("discriminator","generator") and M!=1 and N!=1 else 1
    print("%7.2f ms  %-40s %5.0f GFLOP/s" % (v,k, 2*M*N*K*calls/v/1e6))
'
