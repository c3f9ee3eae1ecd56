#!/usr/bin/env python3
"""Writes a synthetic policy set of N rules into a folder, for benchmarks.

  generate.py N OUT_DIR [--seed S] [--files K] [--with-national]

The vocabulary is fixed (16 actors, 32 categories of which 4 SPEC, 8 purposes,
bool/int/enum/date facts); rules are drawn at random: most are permits with a
condition of two to four tests, one in ten a forbid, SPEC permits carry an
art. 9 ground and an exception to the SPEC forbid, dates fall between 2015 and
2030. Every set passes `grondslag check`; whether it verifies does not matter
for timing. The same N and seed always give the same files. --files K splits the rules over
K files (modules syn0..synK-1), to keep each within the 4 MiB limit of one policy file;
--with-national leaves out the consents fact, to be loaded beside policies/ (which has one).
"""
import os
import random
import re
import sys

def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    files = int(sys.argv[sys.argv.index("--files") + 1]) if "--files" in sys.argv else 1
    with_national = "--with-national" in sys.argv
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    actors = [f"a{i}" for i in range(16)]
    categories = [f"c{i}" for i in range(32)]
    spec = set(categories[:4])
    purposes = [f"p{i}" for i in range(8)]
    bools = [f"b{i}" for i in range(12)]
    ints = [f"n{i}" for i in range(4)]
    enums = [f"e{i}" for i in range(4)]
    dates = ["d0", "d1"]

    v = ["module vocab rank eu_verordening"]
    v += [f"actor {a}" for a in actors]
    v += [f"category {c} class {'SPEC' if c in spec else 'ORD'}" for c in categories]
    for p in purposes:
        v.append(f"purpose {p} needs {', '.join(categories)} recipients {', '.join(actors)}")
    v += [f"fact {b}: bool" for b in bools]
    v += [f"fact {i}: int" for i in ints]
    v += [f"fact {e}: one of (x, y, z)" for e in enums]
    v += [f"fact {d}: date" for d in dates]
    if not with_national:
        v.append("fact consents: consents")  # the national set declares its own
    v.append('basis vocab.6e kind art6 "public task"')
    v.append('basis vocab.9g kind art9 "substantial public interest"')
    v.append('provision vocab.forbid9 law "AVG" article "9" celex 32016R0679 valid from 2015-01-01')
    v.append("rule vocab.forbid9 under vocab.forbid9 forbid class SPEC from anyone to anyone for any purpose")
    open(os.path.join(out, "vocab.gsl"), "w").write("\n".join(v) + "\n")

    def test():
        kind = rng.randrange(6)
        if kind == 0:
            return rng.choice(bools)
        if kind == 1:
            return "not " + rng.choice(bools)
        if kind == 2:
            return f"{rng.choice(ints)} >= {rng.randrange(1, 40)}"
        if kind == 3:
            return f"{rng.choice(enums)} in [{', '.join(rng.sample(['x', 'y', 'z'], rng.randrange(1, 3)))}]"
        if kind == 4:
            return f"date >= {rng.choice(dates)} - {rng.randrange(1, 12)} months"
        return "consent"

    lines = ["module syn rank wet"]
    forbids = []
    for i in range(n):
        year = rng.randrange(2015, 2029)
        if i % 25 == 0:
            lines.append(f'provision syn.p{i} law "Synthetic" article "{i}" bwb BWBR{1000000 + i} valid from {year}-01-01')
            provision = f"syn.p{i}"
        cats = rng.sample(categories, rng.randrange(1, 4))
        senders = rng.sample(actors, rng.randrange(1, 4))
        recipients = rng.sample(actors, rng.randrange(1, 4))
        purpose = rng.choice(purposes)
        cond = " and ".join(test() for _ in range(rng.randrange(2, 5)))
        if rng.randrange(10) == 0:
            cats = [c for c in cats if c not in spec] or ["c10"]
            lines.append(f"rule syn.r{i} under {provision} forbid {', '.join(cats)} from {', '.join(senders)} "
                         f"to {', '.join(recipients)} for {purpose} when {cond}")
            forbids.append(f"syn.r{i}")
            continue
        bases = "vocab.6e, vocab.9g" if any(c in spec for c in cats) else "vocab.6e"
        excepts = ["vocab.forbid9"] if any(c in spec for c in cats) else []
        if forbids and rng.randrange(8) == 0:
            excepts.append(rng.choice(forbids))
        rule = (f"rule syn.r{i} under {provision} permit {', '.join(cats)} from {', '.join(senders)} "
                f"to {', '.join(recipients)} for {purpose} when {cond} basis {bases}")
        if excepts:
            rule += f" except {', '.join(excepts)}"
        lines.append(rule)
    if files == 1:
        open(os.path.join(out, "syn.gsl"), "w").write("\n".join(lines) + "\n")
        return
    # Split at provisions (each file its own module; ids stay unique across the set).
    body = lines[1:]
    per = (len(body) + files - 1) // files
    chunks = []
    start = 0
    while start < len(body):
        end = min(len(body), start + per)
        while end < len(body) and not body[end].startswith("provision "):
            end += 1
        chunks.append(body[start:end])
        start = end
    # Ids start with their module's name: syn.rN becomes synK.rN, K the file that declares it.
    home = {}
    for k, chunk in enumerate(chunks):
        for l in chunk:
            home[l.split()[1]] = k
    rename = lambda m: f"syn{home[m.group(0)]}.{m.group(0)[4:]}"
    for k, chunk in enumerate(chunks):
        text = "\n".join(re.sub(r"syn\.[rp]\d+", rename, l) for l in chunk)
        open(os.path.join(out, f"syn{k:03}.gsl"), "w").write(f"module syn{k} rank wet\n" + text + "\n")

if __name__ == "__main__":
    main()
