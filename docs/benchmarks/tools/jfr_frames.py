#!/usr/bin/env python3
"""Aggregate `jfr print --events jdk.ExecutionSample --stack-depth 200` output.
usage: jfr_frames.py FILE FROM(HH:MM:SS) TO THREAD_REGEX [top]
Prints: thread-group shares in window; for threads matching THREAD_REGEX, inclusive share per frame (method),
and self share per top frame."""
import re, sys, collections
from jfr_samples import read_samples
f, t0, t1, threx = sys.argv[1:5]
top = int(sys.argv[5]) if len(sys.argv) > 5 else 60
samples = read_samples(f)
win = [s for s in samples if t0 <= s.get('t', '') <= t1]
print(f"samples in window {t0}-{t1}: {len(win)}")
groups = collections.Counter(re.sub(r'\d+', 'N', s['thread']) for s in win)
for g, c in groups.most_common(15):
    print(f"  {100*c/len(win):5.1f}% {c:5d} {g}")
sel = [s for s in win if re.search(threx, s['thread'])]
n = len(sel)
print(f"\nselected threads /{threx}/: {n} samples ({100*n/max(1,len(win)):.1f}% of window)")
inc = collections.Counter()
selfc = collections.Counter()
for s in sel:
    for fr in set(s['frames']):
        inc[fr] += 1
    if s['frames']:
        selfc[s['frames'][0]] += 1
print("\n-- inclusive (filtered to interesting packages) --")
shown = 0
for fr, c in inc.most_common():
    if re.match(r'(java\.lang\.Thread|java\.util\.concurrent\.ThreadPoolExecutor|org\.apache\.tomcat\.util\.threads|org\.apache\.tomcat\.util\.net)', fr):
        continue
    print(f"  {100*c/n:5.1f}% {c:5d} {fr}")
    shown += 1
    if shown >= top: break
print("\n-- self (top frame) --")
for fr, c in selfc.most_common(25):
    print(f"  {100*c/n:5.1f}% {c:5d} {fr}")
