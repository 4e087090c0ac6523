#!/usr/bin/env python3
"""Scores `crosscheck truth` on public truth-discovery data with ground truth, beside a
majority vote computed on the same imported claims, and writes the table into
BENCHMARKS.md.

usage: python3 bench/truth.py [--datasets ../shared/datasets] [--split dev|report|both]

The data is read where it lies (never copied into this repository):
  Flight (Li et al., VLDB 2012): the four time attributes of each flight, each source a
      new source; times written a dozen ways are read to 24-hour HH:MM.
  Book (Yin et al., KDD 2007): each bookstore's author list, normalised to the sorted,
      de-duplicated last names of the authors, lower-case, joined by "; ".
Splits (fixed before any result was seen): dev = Flight 2011-12-01 and the first 50
gold books; report = Flight 2011-12-02 and the other 50 gold books. One settings for
both: the model has no parameters to tune.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "crosscheck")
TIME_ATTRS = {2: "scheduled_departure", 3: "actual_departure", 5: "scheduled_arrival", 6: "actual_arrival"}
TIME = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp])?\.?\s*[Mm]?")


def hhmm(text):
    """The first clock time in `text`, as 24-hour HH:MM; None when there is none."""
    m = TIME.search(text)
    if not m:
        return None
    h, mi, ap = int(m.group(1)), int(m.group(2)), m.group(3)
    if ap:
        ap = ap.lower()
        if h == 12:
            h = 0
        if ap == "p":
            h += 12
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def flight_claims(path, day):
    out = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 8:
                continue
            source, flight = cols[0].strip(), cols[1].strip()
            for i, attr in TIME_ATTRS.items():
                t = hhmm(cols[i])
                if t:
                    out.append({"subject": flight, "metric": attr, "value": t, "source": source,
                                "date": day, "quote": cols[i].strip()})
    return out


def flight_gold(path):
    gold = collections.defaultdict(set)
    with open(path, encoding="latin-1") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7:
                continue
            flight = cols[0].strip()
            for i, attr in TIME_ATTRS.items():
                t = hhmm(cols[i - 1])
                if t:
                    gold[(flight, attr)].add(t)
    return gold


JUNK = {"unknown", "not available", "n/a", "na", "editor", "editors", "ed", "eds", "jr", "sr",
        "phd", "ph.d", "md", "dr", "prof", "et al", "et", "al", "author", "illustrator", "translator"}


def last_names(text):
    """Sorted last names of an author list written any of the ways bookstores write it."""
    s = text.lower().replace("not available", "").replace("unknown", "")
    s = re.sub(r"\(.*?\)", " ", s)
    people = [p for p in re.split(r";|/|&|\band\b|\|", s) if p.strip()]
    names = []
    for p in people:
        parts = [x.strip() for x in p.split(",") if x.strip()]
        if not parts:
            continue
        if len(parts) == 2 and len(parts[0].split()) == 1 and len(parts[1].split()) <= 3:
            names.append(parts[0])  # "knuth, donald e."
            continue
        words_per_part = [len(x.split()) for x in parts]
        if all(n == 1 for n in words_per_part) and len(parts) % 2 == 0:
            names.extend(parts[0::2])  # "haag, stephen, perry, james"
            continue
        for x in parts:
            w = [t for t in re.split(r"\s+", x) if t.strip(".") and t.strip(".") not in JUNK]
            if not w:
                continue
            if len(w) >= 2 or len(parts) == 1:
                names.append(w[-1])  # "donald e. knuth"
            else:
                names.append(w[0])
    clean = sorted({re.sub(r"[^a-z'\-]", "", n) for n in names} - {""} - JUNK)
    return "; ".join(clean)


def book_claims(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 4:
                continue
            source, isbn, _title, authors = (c.strip() for c in cols)
            v = last_names(authors)
            if v:
                out.append({"subject": isbn, "metric": "authors", "value": v, "source": source,
                            "date": "2007-01-01", "quote": authors})
    return out


def book_gold(path):
    gold = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].strip():
                continue
            people = [p.strip() for p in cols[1].split(";") if p.strip()]
            names = sorted({re.sub(r"[^a-z'\-]", "", p.split(",")[0].strip().lower()) for p in people} - {""})
            gold.append((cols[0].strip(), "; ".join(names)))
    return gold


def majority(claims):
    """The most frequent value of each (subject, metric) over distinct sources (a
    source's last claim counts); ties go to the value seen first."""
    last = {}
    for c in claims:
        last[(c["subject"], c["metric"], c["source"].lower())] = c["value"]
    votes = collections.defaultdict(collections.Counter)
    order = {}
    for (subj, metric, _src), v in last.items():
        votes[(subj, metric)][v] += 1
        order.setdefault((subj, metric, v), len(order))
    return {k: max(c.items(), key=lambda kv: (kv[1], -order[(k[0], k[1], kv[0])]))[0] for k, c in votes.items()}


def run_truth(claims, workdir, name):
    data = os.path.join(workdir, f"{name}.jsonl")
    with open(data, "w", encoding="utf-8") as f:
        for c in claims:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    db = os.path.join(workdir, f"{name}.db")
    subprocess.run([BIN, "--quiet", "--db", db, "init"], check=True)
    subprocess.run([BIN, "--quiet", "--db", db, "import", data, "--new-source"], check=True)
    out = subprocess.run([BIN, "--db", db, "--format", "json", "truth"], check=True,
                         capture_output=True, text=True).stdout
    explain = subprocess.run([BIN, "--db", db, "truth", "--explain"], check=True,
                             capture_output=True, text=True).stdout
    copiers = [l.strip()[2:] for l in explain.splitlines() if l.startswith("  - ")]
    return {(e["subject"], e["metric"]): e["value"] for e in json.loads(out)}, copiers


def score(predicted, gold):
    right = sum(1 for k, truths in gold.items() if predicted.get(k) in truths)
    return right / len(gold) if gold else 0.0


def flight(datasets, day, workdir):
    tag = day.replace("-", "")
    claims = flight_claims(os.path.join(datasets, "flight", "claims", f"{tag}.txt"), day)
    gold = flight_gold(os.path.join(datasets, "flight", "gold", f"{tag}.txt"))
    truth, copiers = run_truth(claims, workdir, f"flight-{tag}")
    vote = majority(claims)
    return {"items": len(gold), "claims": len(claims), "truth": score(truth, gold),
            "vote": score(vote, gold), "copiers": copiers}


def book(datasets, half, workdir, cache={}):
    if "claims" not in cache:
        cache["claims"] = book_claims(os.path.join(datasets, "book", "claims", "book.txt"))
        cache["truth"], cache["copiers"] = run_truth(cache["claims"], workdir, "book")
        cache["vote"] = majority(cache["claims"])
    gold_rows = book_gold(os.path.join(datasets, "book", "gold", "book_golden.txt"))
    rows = gold_rows[:50] if half == "dev" else gold_rows[50:]
    gold = {(isbn, "authors"): {names} for isbn, names in rows}
    return {"items": len(gold), "claims": len(cache["claims"]), "truth": score(cache["truth"], gold),
            "vote": score(cache["vote"], gold), "copiers": cache["copiers"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    ap.add_argument("--split", choices=["dev", "report", "both"], default="both")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "crosscheck"], cwd=ROOT, check=True)
    splits = ["dev", "report"] if args.split == "both" else [args.split]
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for split in splits:
            day = "2011-12-01" if split == "dev" else "2011-12-02"
            results.append((split, f"Flight {day}", flight(args.datasets, day, workdir)))
            results.append((split, f"Book, {'first' if split == 'dev' else 'other'} 50 gold books",
                            book(args.datasets, split, workdir)))
    lines = ["<!-- truth -->", "## Who to believe: truth discovery on public data", "",
             "Written by `python3 bench/truth.py`. Accuracy = share of gold items whose value "
             "`crosscheck truth` (or a majority vote over the same imported claims, one vote per "
             "source) gets exactly right. Times are compared as 24-hour HH:MM; author lists as "
             "sorted last names. The report split was not looked at while developing.", "",
             "| split | data | gold items | claims | truth | majority vote | difference |",
             "|---|---|---|---|---|---|---|"]
    for split, name, r in results:
        diff = (r["truth"] - r["vote"]) * 100
        lines.append(f"| {split} | {name} | {r['items']} | {r['claims']:,} | {r['truth']:.3f} | "
                     f"{r['vote']:.3f} | {diff:+.1f} points |")
        print(f"{split:7} {name:40} truth {r['truth']:.3f}  vote {r['vote']:.3f}  ({diff:+.1f})")
    flights = [r for _, n, r in results if n.startswith("Flight")]
    if flights and flights[-1]["copiers"]:
        lines += ["", "Copier groups `truth --explain` names on the last Flight day:", ""]
        lines += [f"- {c}" for c in flights[-1]["copiers"]]
    lines.append("<!-- /truth -->")
    section = "\n".join(lines)
    path = os.path.join(ROOT, "BENCHMARKS.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    if "<!-- truth -->" in text:
        text = re.sub(r"<!-- truth -->.*?<!-- /truth -->", lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
