"""What the query budget costs: each preset answered directly, on a thread (``kg query``) and in a
forked child (``kg.query(..., timeout=...)``).

    python -m benchmarks.query_budget out/graph.ttl [more graphs...]

For each graph and preset: the median of ``--runs`` answers (rows formatted as CSV, as ``kg query``
does), in milliseconds.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kg.budget import in_child, on_thread
from kg.query import PRESETS, format_result, load_graph, run_preset


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphs", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print("| graph | triples | preset | direct ms | on a thread ms | in a child ms |")
    print("|---|---:|---|---:|---:|---:|")
    for graph in args.graphs:
        store = load_graph(graph)
        for name in PRESETS:
            def answer(name: str = name) -> str:
                return format_result(run_preset(store, name), "csv")

            answer()
            direct = _median_ms(answer, args.runs)
            thread = _median_ms(lambda: on_thread(30, answer), args.runs)
            child = _median_ms(lambda: in_child(30, answer), args.runs)
            print(f"| {graph} | {len(store):,} | {name} | {direct:.1f} | {thread:.1f} | {child:.1f} |")


if __name__ == "__main__":
    main()
