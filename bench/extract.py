#!/usr/bin/env python3
"""Scores `crosscheck extract` on the labelled dev set in fixtures/extract/ and times it.

usage: python3 bench/extract.py [--bin target/release/crosscheck] [--seed DIR] [--speed]

Each article in fixtures/extract/manifest.json is run as
`crosscheck --format jsonl extract ARTICLE --source OUTLET --date D` (without a ledger,
so only the built-in names help) and compared with its hand-labelled claims:

  recall / precision  of (subject, value reading, credited source): a claim matches a
                      label when the subjects are the same name (case and spaces
                      ignored), the values read the same (`crosscheck parse`: unit, low,
                      high) and the sources are the same name;
  accuracy            on matched claims, of metric, period/as-of, bound, basis and
                      confidence.

The founding article (`@seed/…`) is read from --seed (default ../shared/seed, then
/work/shared/seed) and skipped when it is not there: its text is not in this repository.

--speed also times the founding article, and 1,000 articles of about 5 KB built from
the dev set's sentences, with a release build: one `crosscheck` process per article
(process start-up included), and all 1,000 in one process through the library
(`examples/extract_many.rs`, built here with `cargo build --release --example`).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures", "extract")


def norm(s):
    return "".join((s or "").split()).lower()


_readings = {}


def reading(binary, value):
    if value not in _readings:
        out = subprocess.run([binary, "--format", "json", "parse", value],
                             capture_output=True, text=True)
        if out.returncode != 0:
            _readings[value] = ("?", value)
        else:
            r = json.loads(out.stdout)
            _readings[value] = (r.get("kind"), r.get("unit"), r.get("low"), r.get("high"),
                                r.get("bound"))
    return _readings[value]


def key(binary, rec):
    r = reading(binary, rec["value"])
    return (norm(rec["subject"]), r[:4], norm(rec["source"]))


def when(rec):
    return rec.get("period") or rec.get("as_of") or rec.get("date")


def seed_dir(arg):
    for d in [arg, os.path.join(ROOT, "..", "shared", "seed"), "/work/shared/seed"]:
        if d and os.path.isdir(d):
            return d
    return None


def score(binary, seed, verbose):
    manifest = json.load(open(os.path.join(FIX, "manifest.json")))
    total = dict(labels=0, found=0, matched=0)
    fields = ["metric", "when", "bound", "basis", "confidence"]
    right = {f: 0 for f in fields}
    rows = []
    for item in manifest:
        art = item["article"]
        if art.startswith("@seed/"):
            if not seed:
                print(f"skipped {art}: no seed directory", file=sys.stderr)
                continue
            path = os.path.join(seed, art[len("@seed/"):])
        else:
            path = os.path.join(FIX, art)
        labels_path = os.path.normpath(os.path.join(FIX, item["labels"]))
        labels = [json.loads(l) for l in open(labels_path, encoding="utf-8") if l.strip()]
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [binary, "--db", os.path.join(tmp, "none.db"), "--format", "jsonl", "extract",
                 path, "--source", item["source"], "--date", item["date"]],
                capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{art}: exit {out.returncode}: {out.stderr}", file=sys.stderr)
            sys.exit(1)
        got = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
        free = list(range(len(got)))
        matched = 0
        for lab in labels:
            k = key(binary, lab)
            hit = next((i for i in free if key(binary, got[i]) == k), None)
            if hit is None:
                if verbose:
                    print(f"  missed  {art}: {lab['subject']} | {lab['value']} | {lab['source']}")
                continue
            free.remove(hit)
            matched += 1
            g = got[hit]
            checks = {
                "metric": norm(g["metric"]) == norm(lab["metric"]),
                "when": when(g) == when(lab),
                "bound": reading(binary, g["value"])[4] == reading(binary, lab["value"])[4],
                "basis": (g.get("basis") or "actual") == (lab.get("basis") or "actual"),
                "confidence": g.get("confidence", "reported") == lab.get("confidence", "reported"),
            }
            for f, ok in checks.items():
                right[f] += ok
                if verbose and not ok:
                    gv = {"when": when(g), "bound": reading(binary, g["value"])[4]}.get(f, g.get(f))
                    lv = {"when": when(lab), "bound": reading(binary, lab["value"])[4]}.get(f, lab.get(f))
                    print(f"  wrong {f:10} {art}: {lab['value']}: got {gv}, want {lv}")
        if verbose:
            for i in free:
                g = got[i]
                print(f"  extra   {art}: {g['subject']} | {g['value']} | {g['source']}")
        total["labels"] += len(labels)
        total["found"] += len(got)
        total["matched"] += matched
        rows.append((art, len(labels), len(got), matched))
    m = total["matched"]
    result = {
        "articles": len(rows),
        "labels": total["labels"],
        "extracted": total["found"],
        "matched": m,
        "recall": m / total["labels"] if total["labels"] else 0.0,
        "precision": m / total["found"] if total["found"] else 0.0,
    }
    for f in fields:
        result[f] = right[f] / m if m else 0.0
    return result, rows


def speed(binary, seed):
    out = {}
    if seed:
        path = os.path.join(seed, "000_dcfd16ba28ab32fa.txt")
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([binary, "--db", "/nonexistent/none.db", "--format", "jsonl", "extract", path,
                            "--source", "X", "--date", "2024-09-30"], check=True,
                           capture_output=True)
            runs.append(time.perf_counter() - t)
        out["founding_seconds"] = sorted(runs)[2]
    sentences = []
    for name in sorted(os.listdir(FIX)):
        if name.endswith((".txt", ".md")):
            sentences += [l for l in open(os.path.join(FIX, name), encoding="utf-8") if l.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(1000):
            text, j = "", i
            while len(text.encode()) < 5000:
                text += sentences[j % len(sentences)]
                j += 7
            # Cut back to about 5 KB at a line's end.
            while len(text.encode()) > 5200 and text.count("\n") > 1:
                text = text[:text.rstrip("\n").rfind("\n") + 1]
            p = os.path.join(tmp, f"a{i}.txt")
            open(p, "w", encoding="utf-8").write(text)
            paths.append(p)
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "extract_many"],
                       cwd=ROOT, check=True)
        many = os.path.join(ROOT, "target", "release", "examples", "extract_many")
        t = time.perf_counter()
        cpu = os.times()
        run = subprocess.run([many] + paths, check=True, capture_output=True, text=True)
        after = os.times()
        out["thousand_articles_one_process"] = json.loads(run.stdout)
        out["thousand_articles_one_process"]["wall_seconds"] = round(time.perf_counter() - t, 3)
        out["thousand_articles_one_process"]["cpu_seconds"] = round(
            after.children_user - cpu.children_user + after.children_system - cpu.children_system, 3)
        t = time.perf_counter()
        for p in paths:
            subprocess.run([binary, "--db", os.path.join(tmp, "none.db"), "--format", "jsonl",
                            "extract", p, "--source", "X", "--date", "2024-09-30"],
                           check=True, capture_output=True)
        out["thousand_articles_one_process_each_seconds"] = round(time.perf_counter() - t, 3)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "crosscheck"))
    ap.add_argument("--seed")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    seed = seed_dir(args.seed)
    result, rows = score(args.bin, seed, args.verbose)
    for art, n, g, m in rows:
        print(f"{art:40} labels {n:3}  extracted {g:3}  matched {m:3}")
    print(json.dumps(result, indent=1))
    if args.speed:
        print(json.dumps(speed(args.bin, seed), indent=1))


if __name__ == "__main__":
    main()
