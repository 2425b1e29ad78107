"""Corpus benchmark: what ``kg build`` and ``kg query`` cost at scale, as ratios measured in one run.

    python -m benchmarks.corpus [--sizes 10000] [--jobs 2] [--rdflib-max 10000] [--rdflib-cap 120]

Each size runs in a fresh process on a corpus from benchmarks/corpus_generate.py (JSON Lines files
of 1,000 articles). The yardstick is spaCy's blank English tokenizer and sentencizer over the same
files in as many processes as the build has workers: the least any reader of the text must do.
Against it the tables give:

- ``kg build`` as a user runs it (a new process: imports, a cold extraction cache, validation, every
  file and the store written, exit), its peak memory, and the same build again from the cache
  (everything but extraction);
- extraction alone, on the same documents in as many worker processes, and the build's phases;
- each preset end to end (``kg query OUT --preset NAME`` in a new process, opening the build's
  store), and in-process on that store, on an in-memory store and in rdflib's engine;
- Turtle: pyoxigraph writing the graph's triples against rdflib's serializer, both from terms in memory;
- whether the graph is byte-identical when built with one worker from the files in reverse order.

A time is the best of three runs where the work is repeatable in a few seconds. rdflib runs up to
--rdflib-max articles; a run of it is stopped after --rdflib-cap seconds and shown as "> cap".
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

SHARD = 1000
"""Articles per JSON Lines file, as a crawler would write them (and under ingest's 20 MB file limit)."""

TARGETS = (("build", "kg build ≤ 2.5 × the spaCy pass"), ("rest", "all but extraction ≤ 1 × the spaCy pass"),
           ("rss", "peak RSS ≤ 1,500 MB"), ("presets", "each preset ≥ 50 × rdflib"), ("turtle", "Turtle ≥ 20 × rdflib"),
           ("query", "each preset end to end < 1 s"), ("identical", "byte-identical across --jobs and input order"))


def spacy_pass(files: list[Path], processes: int) -> None:
    """spaCy's blank English tokenizer and sentencizer over the texts of ``files`` in ``processes``
    new processes (their imports included, as a build's workers import spaCy)."""
    with ProcessPoolExecutor(processes) as pool:
        sum(pool.map(_tokens, files))


def _tokens(path: Path) -> int:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    with open(path, encoding="utf-8") as lines:
        return sum(len(doc) for doc in nlp.pipe(json.loads(line)["text"] for line in lines))


def extraction_alone(files: list[Path], jobs: int) -> tuple[float, float]:
    """Seconds and CPU seconds (this process and its workers) of the pipeline's extraction of
    ``files``' documents, read beforehand, in ``jobs`` worker processes of the local engine started as
    a build starts them."""
    from kg.engines.local import LocalEngine
    from kg.ingest import read_paths
    from kg.pipeline import BATCH, Batch, extract_batch

    documents = list(read_paths(files).documents)
    batches = [Batch(documents[i:i + BATCH]) for i in range(0, len(documents), BATCH)]
    before = _cpu()
    clock = time.perf_counter()
    with LocalEngine(jobs) as engine:
        sum(map(len, engine.map(extract_batch, batches)))
    return time.perf_counter() - clock, _cpu() - before


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(size: int, jobs: int, rdflib_max: int, rdflib_cap: float, identical: bool) -> dict:
    """Every figure for one corpus size."""
    from benchmarks.corpus_generate import write_jsonl
    from kg.export.build import write_validated
    from kg.export.overview import write_overview
    from kg.export.store import write_store
    from kg.export.turtle import write_turtle
    from kg.graph import Graph, open_store
    from kg.pipeline import build
    from kg.query import PRESETS, run_preset
    from kg.validate import validate

    figures: dict = {"articles": size, "jobs": jobs}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "articles"
        source.mkdir()
        for shard in range(0, size, SHARD):
            write_jsonl(min(SHARD, size - shard), source / f"part-{shard // SHARD:03d}.jsonl", seed=shard)
        files = sorted(source.iterdir())
        figures["words"] = sum(len(json.loads(line)["text"].split()) for path in files for line in path.open()) // size
        mine = [sys.executable, "-m", "benchmarks.corpus", "--jobs", str(jobs)]
        figures["spacy"], figures["spacy_cpu"], _ = min(_run([*mine, "--spacy-pass", str(source)]) for _ in range(2))
        done = subprocess.run([*mine, "--extraction-alone", str(source)], capture_output=True, text=True, check=True)
        figures["extract_alone"], figures["extract_alone_cpu"] = json.loads(done.stdout)
        out = folder / "out"
        figures["cli"], figures["cli_cpu"], figures["cli_rss_mb"] = _command(
            ["build", str(source), "--out", str(out), "--jobs", str(jobs)])
        figures["cli_warm"], figures["cli_warm_cpu"], figures["cli_warm_rss_mb"] = _command(
            ["build", str(source), "--out", str(folder / "warm"), "--jobs", str(jobs), "--cache", str(out / ".cache")])
        figures["bytes"] = {path.name: _size(path) for path in sorted(out.iterdir()) if not path.name.startswith(".")}
        for name in PRESETS:
            figures[f"e2e_{name}"] = _best(partial(_command, ["query", str(out), "--preset", name, "--format", "csv"]))

        built = build([source], jobs=jobs)
        figures.update(dict(built.stats.phases))
        figures["triples"] = len(built.graph)
        figures["actors"] = dict(built.stats.facts)["actors"]
        figures["statements"] = dict(built.stats.facts)["statements"]
        clock = time.perf_counter()
        write_validated(built.graph, folder / "again", ["turtle", "html"])
        figures["validate_write"] = time.perf_counter() - clock
        figures["load_store"] = _timed(lambda: Graph(built.graph.parts, built.graph.prefixes).store)
        figures["shacl"] = _timed(validate, built.graph)
        figures["turtle_file"] = _timed(write_turtle, built.graph, folder / "graph.ttl")
        figures["overview"] = _timed(write_overview, built.graph, folder / "overview.html")
        figures["store"] = _timed(write_store, built.graph, folder / "store")
        figures["turtle"] = min(_turtle(built.graph) for _ in range(3))
        figures["identical"] = (folder / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
        if identical:
            reverse = build(list(reversed(files)), jobs=1)
            write_turtle(reverse.graph, folder / "reverse.ttl")
            figures["identical"] &= (folder / "reverse.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
            del reverse
        on_disk = open_store(out / "graph.oxigraph")
        for name in PRESETS:
            figures[f"q_{name}"] = _best(partial(run_preset, on_disk, name))
        del on_disk
        figures["rss_before_rdflib_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if size <= rdflib_max:
            clock = time.perf_counter()
            graph = built.graph.to_rdflib()
            figures["rdflib_load"] = time.perf_counter() - clock
            figures["rdflib_turtle"] = _capped(partial(graph.serialize, format="turtle"), rdflib_cap)
            for name, preset in PRESETS.items():
                figures[f"m_{name}"], figures[f"rdflib_q_{name}"] = _best_alternating(
                    partial(run_preset, built.graph.store, name), lambda text=preset.text: list(graph.query(text)),
                    rdflib_cap)
        else:
            for name in PRESETS:
                figures[f"m_{name}"] = _best(partial(run_preset, built.graph.store, name))
    return figures


def _turtle(graph) -> float:
    """Seconds pyoxigraph takes to write the graph's triples as Turtle, part by part as kg's mapping
    workers do (``kg.graph.make_part``), from terms already made: as rdflib's serializer starts from
    the graph it holds."""
    import pyoxigraph as ox

    seconds = 0.0
    for data in graph.ntriples():
        triples = [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        clock = time.perf_counter()
        ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(graph.prefixes))
        seconds += time.perf_counter() - clock
    return seconds


def _timed(work, *args) -> float:
    clock = time.perf_counter()
    work(*args)
    return time.perf_counter() - clock


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def _best(work, runs: int = 3, budget: float = 10.0) -> float:
    """Seconds of the fastest of up to ``runs`` runs of ``work``, with no new run started once
    ``budget`` seconds are spent: one run alone is at the mercy of this machine's speed swings.
    ``work`` may time itself, returning seconds (and more) as a tuple."""
    times = []
    while len(times) < runs and sum(times) < budget:
        clock = time.perf_counter()
        result = work()
        times.append(result[0] if isinstance(result, tuple) else time.perf_counter() - clock)
    return min(times)


def _best_alternating(ours, theirs, cap: float, runs: int = 3, budget: float = 10.0) -> tuple[float, float]:
    """Seconds of the fastest run of ``ours`` and of ``theirs``, timed in rounds: ``ours`` ``runs``
    times in a row, then ``theirs`` once (rounds stop as ``_best`` stops), so a drift in the machine's
    speed touches both sides of the ratio. A run of ``theirs`` stopped at ``cap`` seconds ends the
    rounds, and its time is the negative ``-cap`` (more than ``cap``)."""
    mine, times = [], []
    while len(times) < runs and sum(times) < budget:
        mine.append(_best(ours, runs=runs))
        times.append(_capped(theirs, cap))
        if times[-1] < 0:
            return min(mine), times[-1]
    return min(mine), min(times)


class _Overtime(BaseException):
    """Raised in a run that went past its cap: a BaseException, so no ``except Exception`` in the
    code being timed swallows it."""


def _capped(work, cap: float) -> float:
    """Seconds ``work`` took, or ``-cap`` when it was stopped after ``cap`` seconds. rdflib is pure
    Python, so the alarm's handler stops it between two bytecodes."""
    def stop(signum, frame):
        raise _Overtime

    previous = signal.signal(signal.SIGALRM, stop)
    clock = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        work()
        return time.perf_counter() - clock
    except _Overtime:
        return -cap
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_LAUNCHER = """import os, subprocess, sys, time
clock = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(process.pid, 0)
print(time.perf_counter() - clock, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), usage.ru_maxrss)
sys.stderr.write(process.stderr.read().decode())"""
"""Runs a command and prints its seconds, CPU seconds, exit code and peak RSS in KB (``wait4``'s: CPU
of the command and the children it waited for, RSS of the largest of them)."""


def _run(command: list[str]) -> tuple[float, float, float]:
    """Seconds, CPU seconds (all its processes) and peak RSS (MB, its largest process) of ``command``,
    in a new process started by a small launcher: on Linux a process's peak RSS starts from that of
    the process it was forked from, which here is this one."""
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], capture_output=True, text=True, check=True)
    seconds, cpu, status, peak_kb = done.stdout.split()
    if status != "0":
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return float(seconds), float(cpu), int(peak_kb) / 1024


def _command(arguments: list[str]) -> tuple[float, float, float]:
    """``_run`` of ``kg ARGUMENTS``, as a user runs it."""
    return _run([sys.executable, "-m", "kg", *arguments])


def _table(header: list[str], rows: list[list]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def _versus(theirs: float | None, ours: float) -> list[str]:
    """rdflib's seconds and the ratio to kg's; a negative time is a run stopped at its cap."""
    if theirs is None:
        return ["—", "not run"]
    if theirs < 0:
        return [f"> {_s(-theirs)}", f"> {-theirs / ours:.0f}×"]
    return [_s(theirs), f"{theirs / ours:.0f}×"]


def _s(value) -> str:
    return "—" if value is None else f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _x(value: float, unit: float) -> str:
    return f"{value / unit:.2f}×"


def _met(figures: dict) -> dict[str, bool]:
    from kg.query import PRESETS

    spacy = figures["spacy"]
    ratios = [_ratio(figures.get(f"rdflib_q_{name}"), figures[f"m_{name}"]) for name in PRESETS]
    return {
        "build": figures["cli"] <= 2.5 * spacy,
        "rest": figures["cli_warm"] <= spacy,
        "rss": figures["cli_rss_mb"] <= 1500,
        "presets": all(r is not None and r >= 50 for r in ratios),
        "turtle": (_ratio(figures.get("rdflib_turtle"), figures["turtle"]) or 0) >= 20,
        "query": all(figures[f"e2e_{name}"] < 1 for name in PRESETS),
        "identical": figures["identical"],
    }


def _ratio(theirs: float | None, ours: float) -> float | None:
    return None if theirs is None else abs(theirs) / ours


def report(results: list[dict]) -> str:
    from kg.query import PRESETS

    out = [f"kg corpus benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
           f"{platform.python_implementation()} {platform.python_version()} ({os.path.realpath(sys.executable)})"]
    for r in results:
        spacy = r["spacy"]
        out += ["", f"{r['articles']} articles ({r['words']} words each), --jobs {r['jobs']}: {r['triples']} triples, "
                    f"{r['actors']} actors, {r['statements']} statements", ""]
        cpu = r["spacy_cpu"]
        rows = [[work, _s(r[key]), _x(r[key], spacy), _s(r[f"{key}_cpu"]), _x(r[f"{key}_cpu"], cpu)] for work, key in (
            ("spaCy blank tokenizer + sentencizer, same files and processes", "spacy"),
            ("extraction alone (kg.pipeline.extract_batch; the documents read beforehand)", "extract_alone"),
            ("kg build, cold cache (the command: read, extract, resolve, map, validate, write)", "cli"),
            ("kg build from the cache (everything but extraction)", "cli_warm"))]
        rows += [["kg build − extraction alone", _s(r["cli"] - r["extract_alone"]),
                  _x(r["cli"] - r["extract_alone"], spacy), _s(r["cli_cpu"] - r["extract_alone_cpu"]),
                  _x(r["cli_cpu"] - r["extract_alone_cpu"], cpu)]]
        out.append(_table(["work", "s", "× spaCy pass", "CPU s", "CPU × spaCy pass"], rows))
        out += ["", "The in-process build's phases:", ""]
        rows = [
            ["  read, the workers extracting meanwhile", _s(r["read"]), _x(r["read"], spacy)],
            ["  extraction left once all is read (each article resolved alongside)", _s(r["extract"]),
             _x(r["extract"], spacy)],
            ["  resolution across articles", _s(r["resolve"]), _x(r["resolve"], spacy)],
            ["  mapping in parts", _s(r["map"]), _x(r["map"], spacy)],
            ["  loading the store and validation ∥ writing graph.ttl, graph.oxigraph; graph.html (overview)",
             _s(r["validate_write"]), _x(r["validate_write"], spacy)],
            ["    in-memory store alone (loading the parts)", _s(r["load_store"]), _x(r["load_store"], spacy)],
            ["    SHACL validation alone", _s(r["shacl"]), _x(r["shacl"], spacy)],
            ["    graph.ttl alone", _s(r["turtle_file"]), _x(r["turtle_file"], spacy)],
            ["    overview page alone", _s(r["overview"]), _x(r["overview"], spacy)],
            ["    on-disk store alone (bulk load, compaction)", _s(r["store"]), _x(r["store"], spacy)],
        ]
        out.append(_table(["work", "s", "× spaCy pass"], rows))
        out += ["", _table(["peak RSS, MB", "kg build", "kg build from the cache"],
                           [["largest process", f"{r['cli_rss_mb']:.0f}", f"{r['cli_warm_rss_mb']:.0f}"]])]
        sizes = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in r["bytes"].items())
        out += ["", f"Output: {sizes}.", ""]
        rows = [["Turtle", "—", _s(r["turtle"]), "—", *_versus(r.get("rdflib_turtle"), r["turtle"])]]
        for name in PRESETS:
            rows.append([f"preset {name}", _s(r[f"e2e_{name}"]), _s(r[f"m_{name}"]), _s(r[f"q_{name}"]),
                         *_versus(r.get(f"rdflib_q_{name}"), r[f"m_{name}"])])
        out.append(_table(["work", "kg query OUT, end to end s", "kg in memory s", "kg on the build's store s",
                           "rdflib s", "rdflib / kg in memory"], rows))
        met = _met(r)
        out += ["", "Byte-identical graph.ttl with --jobs 1 and the files in reverse order: "
                    + ("yes" if r["identical"] else "NO"), "",
                "Targets: " + "; ".join(f"{text}: {'met' if met[key] else 'MISSED'}" for key, text in TARGETS)]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rdflib-max", type=int, default=10000)
    parser.add_argument("--rdflib-cap", type=float, default=120.0)
    parser.add_argument("--no-identical", dest="identical", action="store_false",
                        help="Skip the second build (one worker, files in reverse order).")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--spacy-pass", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--extraction-alone", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy_pass:
        spacy_pass(sorted(args.spacy_pass.iterdir()), args.jobs)
        return
    if args.extraction_alone:
        print(json.dumps(extraction_alone(sorted(args.extraction_alone.iterdir()), args.jobs)))
        return
    if args.one:
        print(json.dumps(measure(args.one, args.jobs, args.rdflib_max, args.rdflib_cap, args.identical)))
        return
    results = []
    for size in args.sizes:
        command = [sys.executable, "-m", "benchmarks.corpus", "--one", str(size), "--jobs", str(args.jobs),
                   "--rdflib-max", str(args.rdflib_max), "--rdflib-cap", str(args.rdflib_cap)]
        command += [] if args.identical else ["--no-identical"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{size} articles measured", file=sys.stderr)
    print(report(results))


if __name__ == "__main__":
    main()
