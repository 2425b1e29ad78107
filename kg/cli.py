"""The command line: a thin layer over the pipeline, the exporters and the query engine.

Every error a user can cause (a ``KgError``, or a usage error click finds in the arguments) is
printed as one ``kg: error:`` line, exit status 2, no traceback. Ctrl-C ends any command with exit
status 130, the shell's status for a process stopped by SIGINT.
"""
from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError

INTERRUPTED = 130
QUERY_BUDGET = 30.0
"""Seconds a query may run, in ``kg query`` and ``kg serve``, unless --timeout says otherwise."""


def _fail(message: str) -> None:
    click.echo(f"kg: error: {' '.join(message.split())}", err=True)
    sys.exit(2)


class _Group(click.Group):
    """Turns every ``KgError`` raised by a command, every usage error click reports and a dependency
    missing from the environment into a one-line message and exit status 2; Ctrl-C into exit status 130."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as error:
            _fail(str(error))
        except ModuleNotFoundError as error:
            if error.name is None or error.name.split(".")[0] == "kg":
                raise
            # An environment made for an older kg lacks a dependency a newer one added.
            _fail(f"the Python package {error.name!r} is missing from this environment; reinstall kg "
                  "(make install, or pip install -e .)")

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            where = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
            _fail(error.format_message() + where)
        except click.ClickException as error:
            _fail(error.format_message())
        except click.Abort:
            click.echo("kg: interrupted", err=True)
            sys.exit(INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Group)
@click.version_option(version=__version__, prog_name="kg")
def main() -> None:
    """kg: turn news articles about legal policy into a legal-provision knowledge graph."""


def run() -> None:
    """The ``kg`` console script and ``python -m kg``: ``main`` as the process's own program, which
    lets commands that hold a large graph end it without freeing the graph (``_exit_without_freeing``).

    Worker processes forked by a command ignore SIGINT: Ctrl-C reaches the whole foreground process
    group, and only kg's own process should answer it (it stops its workers and exits 130), not every
    worker with a traceback of its own."""
    import signal

    os.register_at_fork(after_in_child=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    main(obj={"own_process": True}, prog_name="kg")


def _exit_without_freeing() -> None:
    """End the process once a command's output is complete: flush the streams and run the exit
    handlers, as a normal exit does, but skip the interpreter's teardown. Freeing a 10,000-article
    build's store and records takes 2–3 s, for memory the operating system takes back at once.
    Only when ``kg`` is the process's program (``run``): in-process callers get a normal return."""
    if not (click.get_current_context().obj or {}).get("own_process"):
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass
    atexit._run_exitfuncs()
    os._exit(0)


def _read_graph(path: Path):
    """An RDF file (TriG and N-Quads as the union of their graphs) or a store; a bad one is a one-line error."""
    from kg.graph import read_graph

    return read_graph(path)


def _engines() -> list[str]:
    from kg.engines import ENGINES

    return list(ENGINES)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder for the outputs.")
@click.option("--format", "formats", multiple=True, help="Extra output format (repeatable); turtle and html are always written.")
@click.option("--base", default=None, help="Base IRI for the extracted data.")
@click.option("--spacy-model", default=None, help="An installed spaCy pipeline to use instead of the rule-based default.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse articles larger than this.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for extraction and mapping.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of the per-article extraction cache [default: OUT/.cache].")
@click.option("--no-cache", is_flag=True, help="Extract every article again and keep no cache.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file instead of skipping it.")
@click.option("--engine", type=click.Choice(_engines()), default="local", show_default=True,
              help="Where extraction runs: worker processes here, or a Dask cluster (pip install kg[dask]).")
@click.option("--scheduler", default=None, help="Dask scheduler address (default: a local cluster).")
def build(paths, out_dir, formats, base, spacy_model, max_bytes, jobs, cache_dir, no_cache, strict, engine, scheduler):
    """Build the graph of the articles in PATHS (files, folders, globs, JSON Lines) into --out."""
    from kg.api import build_outputs
    from kg.export.build import HTML_NODE_LIMIT, drawn_nodes
    from kg.ingest import DEFAULT_MAX_BYTES
    from kg.vocab import DEFAULT_BASE

    def skipped(path: str, reason: str) -> None:
        click.echo(f"kg: warning: skipped {path}: {reason}", err=True)

    with _progress() as advance:
        made = build_outputs(paths, out_dir, formats, on_skipped=skipped, jobs=jobs,
                             cache=None if no_cache else cache_dir or out_dir / ".cache", strict=strict,
                             base=base or DEFAULT_BASE, model=spacy_model, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                             progress=advance, engine_name=engine, scheduler=scheduler)
    graph, stats = made.graph, made.stats
    click.echo(f"{stats.articles} article(s), {len(graph)} triples → " + ", ".join(str(p) for p in made.written))
    drawn = drawn_nodes(graph)
    if drawn > HTML_NODE_LIMIT:
        click.echo(f"kg: note: graph.html shows the overview: the full graph has about {drawn} nodes, more than a "
                   f"browser can draw ({HTML_NODE_LIMIT}); kg view GRAPH draws the full graph of any file", err=True)
    click.echo(f"{stats.summary()}; validated and written in {made.seconds_writing:.1f} s", err=True)
    _exit_without_freeing()


class _progress:
    """A progress bar on stderr when it is a terminal; nothing when output is piped or redirected."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        self.bar = tqdm(unit="article", desc="extracting", file=sys.stderr, leave=False)
        return self.advance

    def advance(self, done: int, total: int) -> None:
        if self.bar.total != total:
            self.bar.total = total
            self.bar.refresh()
        self.bar.update(done)

    def __exit__(self, *exc) -> None:
        if sys.stderr.isatty():
            self.bar.close()


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("--preset", default=None,
              help="A named query: actors, statements, provisions, objections, stances; actor-statements takes --param name=VALUE.")
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), default=None, help="Read the SPARQL query from a file.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "table"]), default="table", show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to the string VALUE (repeatable), e.g. --preset actor-statements --param name='Jane Roe'.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=QUERY_BUDGET, show_default=True,
              help="Seconds the query may run (reading GRAPH not counted); a longer one is stopped.")
def query(graph, sparql, preset, query_file, fmt, params, timeout):
    """Answer a preset or any SPARQL SELECT/ASK/CONSTRUCT over GRAPH (an RDF file, or a folder kg build wrote)."""
    from kg.budget import on_thread
    from kg.errors import QueryError
    from kg.query import format_result, load_graph, parse_params, run_preset, run_sparql

    given = [x for x in (sparql, preset, query_file) if x]
    if len(given) != 1:
        raise QueryError("give exactly one of: a SPARQL query, --preset NAME or -f FILE")
    if query_file:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except OSError as error:
            raise QueryError(f"{query_file}: cannot read the query ({error.strerror or error})") from error
        except UnicodeDecodeError as error:
            raise QueryError(f"{query_file}: cannot read the query (not UTF-8 text: {error.reason})") from error
    store = load_graph(graph)
    bound = parse_params(params)

    def answer() -> str:
        result = run_preset(store, preset, bound) if preset else run_sparql(store, sparql, bound)
        return format_result(result, fmt)

    click.echo(on_thread(timeout, answer), nl=False)
    _exit_without_freeing()


@main.command(name="validate")
@click.argument("graph", type=click.Path(path_type=Path))
def validate_command(graph):
    """Check GRAPH against the SHACL shapes and print a readable report."""
    from kg.validate import validate

    data = _read_graph(graph)
    report = validate(data)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, help="Output format from the exporter registry.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
def export(graph, fmt, output):
    """Write GRAPH in another format."""
    from kg.export import write_file

    data = _read_graph(graph)
    write_file(data, output, fmt)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
def view(graph, output):
    """Render any graph kg wrote as an interactive HTML page."""
    from kg.export import write_file

    data = _read_graph(graph)
    write_file(data, output, "html")


@main.command(name="eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path), help="Folder of NAME.gold.json files.")
@click.option("--errors", is_flag=True, help="Also list, article by article, every missed, extra or wrong fact with its sentence.")
def eval_command(paths, gold_dir, errors):
    """Score the extraction of PATHS against hand-made gold annotations."""
    from kg.api import evaluate

    summary = evaluate(paths, gold_dir)
    if errors:
        click.echo(summary.errors())
    click.echo(summary.table())


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True,
              help="Graph Store endpoint: http://127.0.0.1:7878/store (Oxigraph), http://localhost:3030/DATASET/data (Fuseki).")
@click.option("--graph", "graph_iri", default=None, help="Put everything into this one named graph instead of one per article.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds to wait for each request.")
def load(graph, endpoint, graph_iri, timeout):
    """Push GRAPH to a SPARQL 1.1 Graph Store, replacing its named graphs (safe to repeat)."""
    from kg.load import push

    data = _read_graph(graph)
    loaded = push(data, endpoint, graph_iri, timeout)
    click.echo(f"{len(loaded)} named graph(s), {sum(part.triples for part in loaded)} triples → {endpoint}")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on; only loopback unless you give another.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--cors", is_flag=True, help="Let query pages on other sites (YASGUI) query it from your browser.")
@click.option("--timeout", type=click.IntRange(min=1), default=int(QUERY_BUDGET), show_default=True,
              help="Whole seconds each query may run; a longer one is cut off and the server goes on.")
def serve(graph, host, port, cors, timeout):
    """Serve GRAPH as a read-only SPARQL endpoint with a query page, until Ctrl-C."""
    import signal

    from kg.serve import serve as serve_graph

    def ready(url: str, triples: int) -> None:
        click.echo(f"Serving {triples} triples of {graph} read-only at {url} (SPARQL endpoint {url}query); Ctrl-C stops.")

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        serve_graph(graph, host, port, cors=cors, timeout=timeout, on_ready=ready)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        signal.signal(signal.SIGTERM, previous)
