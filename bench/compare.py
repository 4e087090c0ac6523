#!/usr/bin/env python3
"""Two builds of crosscheck side by side: the same commands on the same generated claims,
the two binaries alternating run by run, so that both see the same machine. Prints each
command's median time and peak memory for both, and the ratio NEW / BASE.

usage: python3 bench/compare.py BASE_BIN NEW_BIN [--claims 100000] [--runs 5]
                                [--gen target/release/examples/gen] [--markdown]

Each binary imports the claims into a ledger of its own (so that each reads its own
schema), then both run list, contradictions, truth, verify and export on their ledgers.
Use it to check that a change that should not change speed does not: a ratio within
1.05 is "unchanged" on this noisy machine, and the run says which commands are not.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIME = "/usr/bin/time"


def timed(cmd, ok=(0,)):
    start = time.perf_counter()
    p = subprocess.run([TIME, "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - start
    if p.returncode not in ok:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return secs, int(p.stderr.strip().splitlines()[-1])


def commands(db):
    return {
        "list --source": (["--db", db, "list", "--source", "Reuters", "--limit", "50"], (0,)),
        "list --search": (["--db", db, "list", "--search", "收入", "--limit", "50"], (0,)),
        "contradictions": (["--db", db, "--format", "json", "contradictions"], (0,)),
        "contradictions --check": (["--quiet", "--db", db, "contradictions", "--check"], (0, 1)),
        "truth": (["--db", db, "--format", "json", "truth"], (0,)),
        "verify": (["--quiet", "--db", db, "verify"], (0,)),
        "export": (["--db", db, "export"], (0,)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("base")
    ap.add_argument("new")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gen", default=os.path.join(ROOT, "target", "release", "examples", "gen"))
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="crosscheck-compare-")
    data = os.path.join(work, "claims.jsonl")
    with open(data, "w") as f:
        subprocess.run([a.gen, str(a.claims)], stdout=f, check=True)
    bins = {"base": os.path.abspath(a.base), "new": os.path.abspath(a.new)}
    times = {}  # (name, build) -> [(secs, kb)]

    def record(name, build, result):
        times.setdefault((name, build), []).append(result)

    dbs = {b: os.path.join(work, f"{b}.db") for b in bins}
    for run in range(a.runs):
        for build in (["base", "new"] if run % 2 == 0 else ["new", "base"]):
            fresh = os.path.join(work, f"{build}-import.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(fresh + suffix):
                    os.remove(fresh + suffix)
            subprocess.run([bins[build], "--db", fresh, "init"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            record("import", build, timed([bins[build], "--quiet", "--db", fresh, "import", data]))
            if not os.path.exists(dbs[build]):
                os.replace(fresh, dbs[build])
    names = list(commands("x"))
    for run in range(a.runs):
        for name in names:
            for build in (["base", "new"] if run % 2 == 0 else ["new", "base"]):
                args, ok = commands(dbs[build])[name]
                record(name, build, timed([bins[build]] + args, ok=ok))
    rows = []
    for name in ["import"] + names:
        b = times[(name, "base")]
        n = times[(name, "new")]
        bt, nt = statistics.median(x[0] for x in b), statistics.median(x[0] for x in n)
        bm, nm = max(x[1] for x in b), max(x[1] for x in n)
        rows.append((name, bt, nt, nt / bt, bm // 1024, nm // 1024))
    if a.markdown:
        print(f"| command ({a.claims:,} claims, median of {a.runs}) | base | new | new / base | peak base / new |")
        print("|---|---:|---:|---:|---|")
        for name, bt, nt, r, bm, nm in rows:
            print(f"| {name} | {bt:.3f} s | {nt:.3f} s | {r:.2f}× | {bm} / {nm} MB |")
    else:
        for name, bt, nt, r, bm, nm in rows:
            flag = "" if r <= 1.05 else "  <- slower by more than 5%"
            print(f"{name:24} base {bt:8.3f} s  new {nt:8.3f} s  {r:5.2f}×  peak {bm}/{nm} MB{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
