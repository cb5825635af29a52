#!/usr/bin/env python3
"""Summarize the study's `netdrift evaluate` reports as markdown tables (standard library only).

    python3 benchmarks/study/summarize.py DIR

DIR is either the study's output root (run directories `<run>/report.json`, as written by
run-study.sh) or a results directory with renamed copies (`<run>.report.json`). Run names:
`<scenario>-s<seed>` (main comparison), `<scenario>-s<seed>-batch<N>` (incremental batch size N;
the main run is the default batch, 24), anything else (e.g. `abilene-replay`) is listed on its own.
"""
import glob
import json
import math
import os
import re
import sys

LANES = ["persistence", "static", "liquid", "incremental", "hybrid"]
ADAPTIVE = ["liquid", "incremental", "hybrid"]
DEFAULT_BATCH = 24
MAIN = re.compile(r"^(?P<scenario>[a-z]+)-s(?P<seed>\d+)$")
REPEAT = re.compile(r"^(?P<scenario>[a-z]+)-s(?P<seed>\d+)-repeat\d*$")
BATCH = re.compile(r"^(?P<scenario>[a-z]+)-s(?P<seed>\d+)-batch(?P<batch>\d+)$")


def load_reports(root):
    runs = {}
    for path in glob.glob(os.path.join(root, "*", "report.json")):
        runs[os.path.basename(os.path.dirname(path))] = path
    for path in glob.glob(os.path.join(root, "*.report.json")):
        runs.setdefault(os.path.basename(path)[: -len(".report.json")], path)
    out = {}
    for name, path in sorted(runs.items()):
        with open(path) as f:
            out[name] = json.load(f)
    return out


def get(report, lane, *keys):
    node = report.get("strategies", {}).get(lane)
    for k in keys:
        if node is None:
            return None
        node = node.get(k)
    return node


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def stats(values):
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    mean = sum(vals) / len(vals)
    std = math.sqrt(sum((v - mean) ** 2 for v in vals) / (len(vals) - 1)) if len(vals) > 1 else 0.0
    return mean, std, min(vals), max(vals), len(vals)


def fmt(values, digits=1):
    s = stats(values)
    if s is None:
        return "-"
    mean, std, lo, hi, n = s
    if n == 1:
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"


def num(v, digits=1):
    return "-" if v is None else f"{v:.{digits}f}"


def table(header, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def after_failure(report, lane):
    return get(report, lane, "afterFailure", "rmseMbps")


def main_tables(main):
    out = []
    for scenario in sorted({s for s, _ in main}):
        seeds = sorted(seed for s, seed in main if s == scenario)
        reports = [main[(scenario, seed)] for seed in seeds]
        out.append(f"### {scenario}: seeds {', '.join(map(str, seeds))} — mean (min–max) over seeds\n")
        rows = []
        for lane in LANES:
            af = [after_failure(r, lane) for r in reports]
            rows.append([
                lane,
                fmt([get(r, lane, "beforeFailure", "rmseMbps") for r in reports]),
                fmt(af),
                fmt([get(r, lane, "afterRepair", "rmseMbps") for r in reports]),
                fmt([get(r, lane, "afterFailure", "recoverySteps") for r in reports], 1),
                fmt([ratio(a, after_failure(r, "static")) for a, r in zip(af, reports)], 3),
                fmt([ratio(a, after_failure(r, "persistence")) for a, r in zip(af, reports)], 3),
                fmt([get(r, lane, "retrains") for r in reports], 0),
            ])
        out.append(table(["lane", "before failure RMSE", "after failure RMSE", "after repair RMSE",
                          "recovery steps", "after failure / static", "after failure / persistence",
                          "retrains"], rows))
        out.append("")
        # per seed, after failure, with the std and the winner: tells ties from differences
        rows = []
        for lane in LANES:
            af = [after_failure(r, lane) for r in reports]
            s = stats(af)
            rows.append([lane] + [num(v) for v in af] + ([f"{s[0]:.1f} ± {s[1]:.1f}"] if s else ["-"]))
        best = []
        for r in reports:
            vals = {lane: after_failure(r, lane) for lane in ADAPTIVE if after_failure(r, lane) is not None}
            best.append(min(vals, key=vals.get) if vals else "-")
        rows.append(["*best adaptive*"] + best + [""])
        out.append(f"After-failure RMSE (Mbps) per seed, {scenario}:\n")
        out.append(table(["lane"] + [f"seed {s}" for s in seeds] + ["mean ± std"], rows))
        out.append("")
        # paired ratios (same seed, same traffic): steadier than the absolute RMSE across seeds
        pairs = [("liquid / incremental", "liquid", None), ("hybrid / liquid", "hybrid", "liquid"),
                 ("hybrid / incremental", "hybrid", "incremental"),
                 ("hybrid / better of liquid, incremental", "hybrid", "best")]
        rows = []
        for label, a, b in pairs:
            vals = []
            for r in reports:
                if b is None:
                    ref = after_failure(r, "incremental")
                elif b == "best":
                    cands = [after_failure(r, x) for x in ("liquid", "incremental")]
                    cands = [c for c in cands if c is not None]
                    ref = min(cands) if cands else None
                else:
                    ref = after_failure(r, b)
                vals.append(ratio(after_failure(r, a), ref))
            rows.append([label] + [num(v, 3) for v in vals] + [fmt(vals, 3)])
        out.append(f"Paired after-failure RMSE ratios per seed, {scenario}:\n")
        out.append(table(["ratio"] + [f"seed {s}" for s in seeds] + ["mean (min–max)"], rows))
        out.append("")
    return out


def batch_tables(main, batches):
    out = []
    for scenario in sorted({s for s, _, _ in batches}):
        for seed in sorted({sd for s, sd, _ in batches if s == scenario}):
            runs = {b: r for (s, sd, b), r in batches.items() if s == scenario and sd == seed}
            if (scenario, seed) in main:
                runs.setdefault(DEFAULT_BATCH, main[(scenario, seed)])
            rows = []
            for b in sorted(runs):
                r = runs[b]
                rows.append([
                    f"{b}" + (" (default)" if b == DEFAULT_BATCH else ""),
                    num(get(r, "incremental", "beforeFailure", "rmseMbps")),
                    num(after_failure(r, "incremental")),
                    num(get(r, "incremental", "afterRepair", "rmseMbps")),
                    num(get(r, "incremental", "afterFailure", "recoverySteps"), 0),
                    num(ratio(after_failure(r, "incremental"), after_failure(r, "static")), 3),
                    num(ratio(after_failure(r, "incremental"), after_failure(r, "persistence")), 3),
                    num(get(r, "incremental", "retrains"), 0),
                    num(get(r, "incremental", "modelSwaps"), 0),
                    num(get(r, "incremental", "rollbacks"), 0),
                ])
            out.append(f"### incremental batch size: {scenario}, seed {seed}\n")
            out.append(table(["batch steps", "before failure RMSE", "after failure RMSE",
                              "after repair RMSE", "recovery steps", "after failure / static",
                              "after failure / persistence", "retrains", "swaps", "rollbacks"], rows))
            out.append("")
    return out


def repeat_tables(main, repeats):
    out = []
    for key in sorted({k for k, _ in repeats}):
        runs = [(f"{key[0]}-s{key[1]}", main[key])] if key in main else []
        runs += sorted((name, r) for (k, name), r in repeats.items() if k == key)
        rows = []
        for lane in LANES:
            vals = [after_failure(r, lane) for _, r in runs]
            s = stats(vals)
            spread = "-" if not s or not s[0] else f"{100 * (s[3] - s[2]) / s[0]:.1f} %"
            rows.append([lane] + [num(v) for v in vals] + [spread])
        out.append(f"### run-to-run noise: {key[0]} seed {key[1]}, identical command\n")
        out.append("After-failure RMSE (Mbps); spread = (max − min) / mean.\n")
        out.append(table(["lane"] + [name for name, _ in runs] + ["spread"], rows))
        out.append("")
    return out


def verdict_table(reports):
    rows = []
    for name, r in reports.items():
        for key, v in (r.get("verdicts") or {}).items():
            ratios = ", ".join(f"{k} {x:.3f}" for k, x in (v.get("ratios") or {}).items())
            rows.append([name, key, v.get("outcome", "?"), ratios, v.get("sentence", "")])
        if not r.get("verdicts"):
            rows.append([name, "-", "(no verdicts)", "", ""])
    return ["### verdicts\n",
            table(["run", "verdict", "outcome", "ratios", "sentence"], rows,
                  ["---", "---", "---", "---", "---"]), ""]


def run_table(reports, walls):
    rows = []
    for name, r in reports.items():
        run = r.get("run", {})
        lanes = run.get("lanes") or list(r.get("strategies", {}))
        empty = [lane for lane in lanes if not get(r, lane, "overall", "predictions")]
        rows.append([name, run.get("steps", "-"), run.get("stepSeconds", "-"),
                     num(run.get("wallSeconds")), walls.get(name, "-"),
                     run.get("predictionRecords", "-"),
                     run.get("deadLetters", "-"), ",".join(empty) or "none",
                     r.get("allVerdictsMet", "-")])
    return ["### runs\n",
            table(["run", "steps", "step s", "wall s (report)", "wall s (whole command)",
                   "predictions", "dead letters",
                   "lanes without predictions", "all verdicts met"], rows), ""]


def other_tables(others):
    out = []
    for name, r in others.items():
        out.append(f"### {name}\n")
        rows = []
        for lane in r.get("strategies", {}):
            rows.append([
                lane,
                num(get(r, lane, "beforeFailure", "rmseMbps")),
                num(after_failure(r, lane)),
                num(get(r, lane, "afterRepair", "rmseMbps")),
                num(get(r, lane, "afterFailure", "recoverySteps"), 0),
                num(get(r, lane, "vsStaticAfterFailure"), 3),
                num(get(r, lane, "vsPersistenceAfterFailure"), 3),
                num(get(r, lane, "retrains"), 0),
            ])
        out.append(table(["lane", "before failure RMSE", "after failure RMSE", "after repair RMSE",
                          "recovery steps", "after failure / static", "after failure / persistence",
                          "retrains"], rows))
        out.append("")
    return out


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    reports = load_reports(argv[1])
    if not reports:
        sys.exit(f"no report.json under {argv[1]}")
    main_runs, batches, repeats, others = {}, {}, {}, {}
    for name, r in reports.items():
        m, b, rp = MAIN.match(name), BATCH.match(name), REPEAT.match(name)
        if rp:
            repeats[((rp["scenario"], int(rp["seed"])), name)] = r
        elif m:
            main_runs[(m["scenario"], int(m["seed"]))] = r
        elif b:
            batches[(b["scenario"], int(b["seed"]), int(b["batch"]))] = r
        else:
            others[name] = r
    out = ["RMSE in Mbps. Ratios are per seed (lane / reference after the failure), then averaged.\n"]
    out += main_tables(main_runs)
    out += repeat_tables(main_runs, repeats)
    out += batch_tables(main_runs, batches)
    out += other_tables(others)
    walls = {}
    wall_file = os.path.join(argv[1], "wall-times.tsv")  # run-study.sh: run, seconds, exit code
    if os.path.exists(wall_file):
        with open(wall_file) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    walls[parts[0]] = parts[1]
    out += run_table(reports, walls)
    out += verdict_table(reports)
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv)
