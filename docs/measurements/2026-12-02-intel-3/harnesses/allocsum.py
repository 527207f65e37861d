import re,collections,sys
txt=open(sys.argv[1]).read()
events=txt.split('jdk.ObjectAllocationSample')
agg=collections.Counter()
for e in events[1:]:
    m=re.search(r'weight = ([\d.]+) (\w+)',e)
    if not m: continue
    w=float(m.group(1)); unit=m.group(2)
    mult={'bytes':1,'kB':1e3,'MB':1e6,'GB':1e9}.get(unit,1)
    st=re.search(r'stackTrace = \[\s*(.*?)\n\s*(.*?)\n',e,re.S)
    key=' | '.join(x.strip()[:100] for x in st.groups()) if st else '?'
    agg[key]+=w*mult
tot=sum(agg.values())
print('total %.0f MB'%(tot/1e6))
for k,v in agg.most_common(14): print('%8.1f MB  %s'%(v/1e6,k))
