"""Reads `jfr print --events jdk.ExecutionSample --stack-depth 200` output: one dict per sample with its time
('t', HH:MM:SS), thread name ('thread') and frames ('frames', innermost first, without line numbers or
signatures). Shared by the jfr_*.py scripts beside it."""
import re


def read_samples(path):
    samples = []
    cur = None
    for line in open(path):
        line = line.rstrip('\n')
        if line.startswith('jdk.ExecutionSample'):
            cur = {'frames': []}
        elif cur is None:
            continue
        elif line.startswith('  startTime = '):
            cur['t'] = line.split('= ')[1][:8]
        elif line.startswith('  sampledThread = '):
            cur['thread'] = re.sub(r'\s*\(javaThreadId.*', '', line.split('= ', 1)[1]).strip('"')
        elif line.startswith('    ') and not line.strip().startswith(']'):
            cur['frames'].append(re.sub(r'\(.*\)$', '', re.sub(r'\s+line: \d+$', '', line.strip())))
        elif line == '}':
            samples.append(cur)
            cur = None
    return samples
