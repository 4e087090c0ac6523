#!/usr/bin/env python3
"""The benchmark harness: times whole processes and peak memory for each command at
10k, 100k and 1M claims, measures the baselines in the same run, prints every figure and
ratio, and writes BENCHMARKS.md.

usage: python3 bench/run.py [--sizes 10000,100000,1000000] [--runs 3] [--no-sqlite-utils]
                            [--profiles calm,contested]
       python3 bench/run.py --postgres URL [--sizes 100000] [--runs 3]

With --postgres, the same commands run on a PostgreSQL ledger at URL beside a SQLite one
in the same run (import, list --source, contradictions), and only the PostgreSQL section
of BENCHMARKS.md is rewritten. URL names a scratch database: its `public` schema is
dropped and made again before each import.

Profiles of generated claims (`examples/gen.rs`): `calm`, about 5% of questions
contradictory (about 10,000 groups at 1M claims), and `contested`, one claim in ten
straying from its question's figure (80,820 groups at 1M). Every profile is
measured at every size; the first profile's figures are the main table.

Baselines, measured beside the tool on the same data:
  ceiling  SQLite's ceiling for a bulk load: `examples/ceiling.rs` inserts the same rows
           (the record's fields as columns, the bounds as REAL) into one plain table
           without indexes, one prepared statement, one transaction, WAL,
           synchronous=NORMAL;
  scan     a full ordered scan of the claims table with the sqlite3 CLI;
  sqlite-utils  `sqlite-utils insert --nl` of the same JSON Lines (installed from PyPI
           into bench/out/venv when it can be).
"""
import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
BIN = os.path.join(ROOT, "target", "release", "crosscheck")
GEN = os.path.join(ROOT, "target", "release", "examples", "gen")
CEILING = os.path.join(ROOT, "target", "release", "examples", "ceiling")
TIME = "/usr/bin/time"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, stdout=subprocess.DEVNULL, env=None, ok=(0,)):
    """Runs a whole process; returns (wall seconds, peak KB). /usr/bin/time gives the
    peak memory; the wall time is taken here, finer than its 10 ms steps. `ok`: the exit
    codes that are not failures (`contradictions --check` exits 1 when it finds some)."""
    start = time.perf_counter()
    p = subprocess.run([TIME, "-f", "%M"] + cmd, stdout=stdout, stderr=subprocess.PIPE,
                       text=True, env=env)
    secs = time.perf_counter() - start
    if p.returncode not in ok:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    kb = p.stderr.strip().splitlines()[-1].split()[-1]
    return secs, int(kb)


def median_of(cmd, runs, ok=(0,)):
    return repeated(lambda: timed(cmd, ok=ok), runs)


def repeated(once, runs):
    """The median time and the largest peak of `runs` runs of `once`."""
    results = [once() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def rm_db(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def sqlite_utils():
    """The sqlite-utils command, installed into a venv when PyPI can be reached."""
    venv = os.path.join(OUT, "venv")
    exe = os.path.join(venv, "bin", "sqlite-utils")
    if os.path.exists(exe):
        return exe
    try:
        sh([sys.executable, "-m", "venv", venv], stdout=subprocess.DEVNULL)
        sh([os.path.join(venv, "bin", "pip"), "install", "-q", "sqlite-utils"],
           stdout=subprocess.DEVNULL)
        return exe
    except subprocess.CalledProcessError as e:
        print(f"sqlite-utils could not be installed ({e}); that baseline is skipped")
        return None


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(open("/proc/meminfo").readline().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError):
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split(" ")[0]
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem}; "
            f"{rustc}; sqlite3 CLI {sqlite}")


def bench(n, utils, results, runs, profile="calm"):
    print(f"\n== {n:,} claims ({profile})")
    tag = "" if profile == "calm" else f"{profile}-"
    data = os.path.join(OUT, f"claims-{tag}{n}.jsonl")
    if not os.path.exists(data):
        with open(data, "w") as f:
            sh([GEN, str(n), "42", profile], stdout=f)
    db = os.path.join(OUT, f"ledger-{tag}{n}.db")
    r = {}

    def fresh(path, cmd, stdout=subprocess.DEVNULL, init=False):
        rm_db(path)
        if init:
            # Only `init` creates a ledger; the import is timed into the new, empty one.
            subprocess.run([BIN, "--quiet", "--db", path, "init"], check=True)
        return timed(cmd, stdout=stdout)

    r["import"] = repeated(
        lambda: fresh(db, [BIN, "--quiet", "--db", db, "import", data], init=True), runs)
    quick = 11
    r["list --source"] = median_of([BIN, "--db", db, "list", "--source", "Reuters", "--limit", "50"], quick)
    r["list --search"] = median_of([BIN, "--db", db, "list", "--search", "收入", "--limit", "50"], quick)
    r["contradictions"] = median_of([BIN, "--db", db, "--format", "json", "contradictions"], runs)
    # Peak memory in every format: the report must stay bounded however many groups.
    for fmt in ("jsonl", "table"):
        r[f"contradictions {fmt}"] = median_of(
            [BIN, "--db", db, "--format", fmt, "contradictions"], runs)
    r["contradictions --check -q"] = median_of(
        [BIN, "--quiet", "--db", db, "contradictions", "--check"], runs, ok=(0, 1))
    r["contradictions --limit 20"] = median_of(
        [BIN, "--db", db, "--format", "json", "contradictions", "--limit", "20"], runs)
    r["truth"] = median_of([BIN, "--db", db, "--format", "json", "truth"], runs)
    r["verify"] = median_of([BIN, "--quiet", "--db", db, "verify"], runs)
    export = os.path.join(OUT, f"export-{n}.jsonl")

    def export_once():
        with open(export, "w") as f:
            return timed([BIN, "--db", db, "export"], stdout=f)

    r["export"] = repeated(export_once, runs)
    # Baselines, on the same rows.
    ceiling_db = os.path.join(OUT, f"ceiling-{n}.db")
    r["ceiling insert"] = repeated(lambda: fresh(ceiling_db, [CEILING, export, ceiling_db]), runs)
    r["sqlite3 ordered scan"] = median_of(["sqlite3", db, "SELECT * FROM claims ORDER BY subject_id, metric_id, time_key, time_start"], runs)
    if utils:
        su_db = os.path.join(OUT, f"sqlite-utils-{n}.db")
        r["sqlite-utils insert"] = repeated(
            lambda: fresh(su_db, [utils, "insert", su_db, "claims", data, "--nl", "--alter"]), runs)
    r["import ÷ ceiling, alternating"] = alternating(data, export, db, ceiling_db)
    for k, (secs, kb) in r.items():
        print(f"  {k:30} {secs:8.3f} s  {kb / 1024:8.1f} MB")
    results[n] = r


def alternating(data, export, db, ceiling_db, pairs=3):
    """The import check as it is judged: the raw-insert ceiling and `crosscheck import`
    alternate `pairs` times, each into a fresh file; the median of the pairs' ratios,
    and the import's largest peak."""
    ratios, peak = [], 0
    for _ in range(pairs):
        rm_db(ceiling_db)
        ceil, _ = timed([CEILING, export, ceiling_db])
        rm_db(db)
        subprocess.run([BIN, "--quiet", "--db", db, "init"], check=True)
        imp, kb = timed([BIN, "--quiet", "--db", db, "import", data])
        ratios.append(imp / ceil)
        peak = max(peak, kb)
    return statistics.median(ratios), peak


def ratio(a, b):
    return a / b if b > 0 else float("inf")


def psql(url, sql):
    sh(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
       stdout=subprocess.DEVNULL)


def bench_postgres(url, sizes, runs):
    """SQLite and PostgreSQL side by side on the same files; writes the PostgreSQL
    section of BENCHMARKS.md."""
    if not shutil.which("psql"):
        raise SystemExit("psql is needed to empty the scratch database (apt-get install postgresql-client)")
    results = {}
    for n in sizes:
        print(f"\n== {n:,} claims: SQLite and PostgreSQL")
        data = os.path.join(OUT, f"claims-{n}.jsonl")
        if not os.path.exists(data):
            with open(data, "w") as f:
                sh([GEN, str(n)], stdout=f)
        db = os.path.join(OUT, f"ledger-{n}.db")

        def fresh_sqlite():
            rm_db(db)
            subprocess.run([BIN, "--quiet", "--db", db, "init"], check=True)
            return timed([BIN, "--quiet", "--db", db, "import", data])

        def fresh_pg():
            psql(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            subprocess.run([BIN, "--quiet", "--db", url, "init"], check=True)
            return timed([BIN, "--quiet", "--db", url, "import", data])

        r = {}
        for name, ledger, fresh in (("SQLite", db, fresh_sqlite), ("PostgreSQL", url, fresh_pg)):
            r[(name, "import")] = repeated(fresh, runs)
            r[(name, "list --source")] = median_of(
                [BIN, "--db", ledger, "list", "--source", "Reuters", "--limit", "50"], 11)
            r[(name, "contradictions")] = median_of(
                [BIN, "--db", ledger, "--format", "json", "contradictions"], runs)
        for (name, q), (secs, kb) in r.items():
            print(f"  {name:10} {q:16} {secs:8.3f} s  {kb / 1024:8.1f} MB")
        results[n] = r
    server = subprocess.run(["psql", "-X", "-A", "-t", url, "-c", "SHOW server_version"],
                            capture_output=True, text=True).stdout.strip()
    lines = ["<!-- postgres -->", "## PostgreSQL beside SQLite\n",
             f"Written by `python3 bench/run.py --postgres URL --sizes {','.join(str(n) for n in sizes)}` "
             f"on {datetime.date.today().isoformat()}: the same generated files, SQLite and "
             f"PostgreSQL {server} (local server, Unix socket or loopback) measured in the same run; "
             f"median of {runs} runs (list: 11), peak memory of the crosscheck process. "
             f"Machine: {machine()}.\n",
             "| claims | command | SQLite | PostgreSQL | PostgreSQL / SQLite | peak (SQLite / PostgreSQL) |",
             "|---|---|---|---|---|---|"]
    for n in sizes:
        r = results[n]
        for q in ("import", "list --source", "contradictions"):
            a, b = r[("SQLite", q)], r[("PostgreSQL", q)]
            lines.append(f"| {n:,} | {q} | {a[0]:.3f} s | {b[0]:.3f} s | {ratio(b[0], a[0]):.2f}× "
                         f"| {a[1] / 1024:.0f} / {b[1] / 1024:.0f} MB |")
    lines.append("<!-- /postgres -->")
    section = "\n".join(lines)
    path = os.path.join(ROOT, "BENCHMARKS.md")
    old = open(path).read() if os.path.exists(path) else ""
    start, end = old.find("<!-- postgres -->"), old.find("<!-- /postgres -->")
    if start >= 0 and end > start:
        new = old[:start] + section + old[end + len("<!-- /postgres -->"):]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(new)
    print(f"\nwrote the PostgreSQL section of {path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--no-sqlite-utils", action="store_true")
    ap.add_argument("--profiles", default="calm,contested",
                    help="generator profiles, comma-separated; the first is the main table")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs of each command and baseline; the median is reported")
    ap.add_argument("--postgres", metavar="URL",
                    help="compare with a PostgreSQL ledger in this scratch database (emptied!)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    os.makedirs(OUT, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet", "--bin", "crosscheck", "--example", "gen",
        "--example", "ceiling"], cwd=ROOT)
    if args.postgres:
        bench_postgres(args.postgres, sizes, args.runs)
        return
    if not shutil.which("sqlite3"):
        raise SystemExit("the sqlite3 CLI is needed for the scan baseline (apt-get install sqlite3)")
    utils = None if args.no_sqlite_utils else sqlite_utils()
    profiles = args.profiles.split(",")
    by_profile = {}
    for profile in profiles:
        by_profile[profile] = {}
        for n in sizes:
            bench(n, utils if profile == profiles[0] else None, by_profile[profile], args.runs,
                  profile)
    results = by_profile[profiles[0]]

    lines = []
    targets = []
    big = max(sizes)
    r = results[big]
    imp, ceil = r["import"][0], r["ceiling insert"][0]
    targets.append((f"import {big:,} ≤ 4× SQLite ceiling", f"{ratio(imp, ceil):.2f}×", ratio(imp, ceil) <= 4))
    if "sqlite-utils insert" in r:
        su = r["sqlite-utils insert"][0]
        targets.append((f"import {big:,} ≥ 3× faster than sqlite-utils", f"{ratio(su, imp):.2f}×", ratio(su, imp) >= 3))
    con, scan = r["contradictions"][0], r["sqlite3 ordered scan"][0]
    targets.append((f"contradictions {big:,} ≤ 3× ordered scan", f"{ratio(con, scan):.2f}×", ratio(con, scan) <= 3))
    for q in ("list --source", "list --search"):
        ms = r[q][0] * 1000
        targets.append((f"{q} --limit 50 at {big:,} ≤ 50 ms (median)", f"{ms:.0f} ms", ms <= 50))
    for q in ("import", "contradictions"):
        mb = r[q][1] / 1024
        targets.append((f"peak memory of {q} at {big:,} ≤ 200 MB", f"{mb:.0f} MB", mb <= 200))
    tr = r["truth"][0]
    targets.append((f"truth {big:,} ≤ 5× contradictions", f"{ratio(tr, con):.2f}×", ratio(tr, con) <= 5))
    mb = r["truth"][1] / 1024
    targets.append((f"peak memory of truth at {big:,} ≤ 300 MB", f"{mb:.0f} MB", mb <= 300))
    if 100000 in results and big >= 1000000:
        small = results[100000]
        for q in ("import", "list --source", "list --search", "contradictions", "truth", "verify", "export"):
            g = ratio(r[q][0], small[q][0])
            targets.append((f"{q}: 100k → 1M growth ≤ 12×", f"{g:.1f}×", g <= 12))

    for profile in profiles:
        res = by_profile[profile]
    big_r = res[big]
    scan = big_r["sqlite3 ordered scan"][0]
    targets.append((f"{profile}: contradictions {big:,} ≤ 2× ordered scan",
                    f"{ratio(big_r['contradictions'][0], scan):.2f}×",
                    ratio(big_r['contradictions'][0], scan) <= 2))
    for q in ("contradictions", "contradictions jsonl", "contradictions table",
              "contradictions --check -q", "truth", "import"):
        limit = 150 if q == "truth" else 100
        mb = big_r[q][1] / 1024
        targets.append((f"{profile}: peak memory of {q} at {big:,} ≤ {limit} MB",
                        f"{mb:.0f} MB", mb <= limit))
    alt = big_r["import ÷ ceiling, alternating"][0]
    targets.append((f"{profile}: import {big:,} ≤ 4× ceiling, median of 3 alternating pairs",
                    f"{alt:.2f}×", alt <= 4))

    for name, got, ok in targets:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {got}")

    lines.append("# Benchmarks\n")
    lines.append("Written by `python3 bench/run.py` (see the README). Figures are whole processes, "
                 f"timed with `/usr/bin/time`; each figure is the median of {args.runs} runs (list "
                 "queries: 11 runs), peaks the largest. Ratios compare figures measured in the same "
                 "run; absolute times are for the record.\n")
    lines.append(f"- Date: {datetime.date.today().isoformat()}")
    lines.append(f"- Machine: {machine()}")
    lines.append(f"- Data: `cargo run --release --example gen -- N` (deterministic)\n")
    lines.append("## Targets\n")
    lines.append("| target | measured | |")
    lines.append("|---|---|---|")
    for name, got, ok in targets:
        lines.append(f"| {name} | {got} | {'met' if ok else '**missed**'} |")
    for profile in profiles:
        res = by_profile[profile]
        lines.append(f"\n## Figures: the `{profile}` profile\n")
        lines.append("The `import ÷ ceiling, alternating` row gives the median ratio of three "
                     "alternating pairs in place of a time.\n")
        header = "| command | " + " | ".join(f"{n:,}: time" for n in sizes) + " | " + " | ".join(f"{n:,}: peak" for n in sizes) + " |"
        lines.append(header)
        lines.append("|---" * (1 + 2 * len(sizes)) + "|")
        for q in res[sizes[0]]:
            unit = "×" if "÷" in q else " s"
            row = [q] + [f"{res[n][q][0]:.3f}{unit}" for n in sizes] + [f"{res[n][q][1] / 1024:.0f} MB" for n in sizes]
            lines.append("| " + " | ".join(row) + " |")

    notes = os.path.join(ROOT, "bench", "NOTES.md")
    if os.path.exists(notes):
        lines.append("")
        lines.append(open(notes).read().strip())
    path = os.path.join(ROOT, "BENCHMARKS.md")
    # Keep the sections that bench/truth.py and the --postgres mode write.
    old = open(path).read() if os.path.exists(path) else ""
    for mark in ("truth", "postgres"):
        start, end = old.find(f"<!-- {mark} -->"), old.find(f"<!-- /{mark} -->")
        if start >= 0 and end > start:
            lines.append("")
            lines.append(old[start:end + len(f"<!-- /{mark} -->")])
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"\nwrote {os.path.join(ROOT, 'BENCHMARKS.md')}")


if __name__ == "__main__":
    main()
