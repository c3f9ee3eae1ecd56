#!/usr/bin/env python3
"""Writes an NDJSON batch of N requests of the legal corpus, in the corpus's order, repeated: the input of
the batch benchmarks (bench_threads.sh, bench_log.sh).
    corpus_batch.py PROJECT_ROOT N OUT"""
import glob
import json
import sys

root, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
reqs = [json.dumps(c['request']) for f in sorted(glob.glob(root + '/corpus/*.json')) for c in json.load(open(f))['cases']]
with open(out, 'w') as o:
    for i in range(n):
        o.write(reqs[i % len(reqs)] + '\n')
