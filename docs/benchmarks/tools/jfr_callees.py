#!/usr/bin/env python3
"""usage: jfr_callees.py FILE FROM TO THREAD_REGEX FRAME_REGEX [depth]
For samples on matching threads that pass through FRAME_REGEX (outermost match), count the call path
of the next `depth` frames below it (callee side)."""
import re, sys, collections
from jfr_samples import read_samples
f, t0, t1, threx, frx = sys.argv[1:6]
depth = int(sys.argv[6]) if len(sys.argv) > 6 else 1
samples = read_samples(f)
sel=[s for s in samples if t0<=s.get('t','')<=t1 and re.search(threx,s['thread'])]
c=collections.Counter(); tot=0
for s in sel:
    fr=s['frames']
    idx=[i for i,x in enumerate(fr) if re.search(frx,x)]
    if not idx: continue
    i=max(idx)  # outermost (frames are innermost-first)
    tot+=1
    path=' > '.join(x.split('.')[-2]+'.'+x.split('.')[-1] for x in fr[max(0,i-depth):i][::-1]) or '(self)'
    c[path]+=1
print(f"{tot} of {len(sel)} samples pass through /{frx}/")
for p,n in c.most_common(40): print(f"  {100*n/len(sel):5.1f}% {n:4d} {p}")
