"""The command line: a thin layer over the pipeline, the exporters and the query engine.

Every error a user can cause is a ``KgError``: printed as one line, exit status 2, no traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError


def _fail(error: KgError) -> None:
    click.echo(f"kg: error: {error}", err=True)
    sys.exit(2)


class _Group(click.Group):
    """Turns every ``KgError`` raised by a command into a one-line message and exit status 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as error:
            _fail(error)


@click.group(cls=_Group)
@click.version_option(package_name="kg")
def main() -> None:
    """kg: turn news articles about legal policy into a legal-provision knowledge graph."""


def _formats() -> list[str]:
    from kg.export import EXPORTERS

    return list(EXPORTERS)


def _read_graph(path: Path):
    """An RDF file kg wrote, parsed with rdflib; a bad file is a one-line error."""
    from rdflib import Graph

    data = Graph()
    try:
        data.parse(path)
    except (OSError, SyntaxError, ValueError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise KgError(f"{path}: cannot read the graph ({first})") from error
    return data


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder for the outputs.")
@click.option("--format", "formats", multiple=True, help="Extra output format (repeatable); turtle and html are always written.")
@click.option("--base", default=None, help="Base IRI for the extracted data.")
@click.option("--spacy-model", default=None, help="An installed spaCy pipeline to use instead of the rule-based default.")
@click.option("--max-bytes", type=int, default=None, help="Refuse articles larger than this.")
def build(paths, out_dir, formats, base, spacy_model, max_bytes):
    """Build the graph of the articles in PATHS (files or folders) into --out."""
    from kg.export import exporter, write_outputs
    from kg.ingest import DEFAULT_MAX_BYTES, read_paths
    from kg.pipeline import build_graph
    from kg.validate import validate
    from kg.vocab import DEFAULT_BASE

    chosen = ["turtle", "html", *formats]
    for name in chosen:
        exporter(name)
    if out_dir.exists() and not out_dir.is_dir():
        raise KgError(f"{out_dir}: --out exists and is not a folder")
    documents = read_paths(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES).documents
    try:
        graph = build_graph(documents, base=base or DEFAULT_BASE, model=spacy_model)
    except OSError as error:
        raise KgError(f"cannot load spaCy model {spacy_model!r}: {error}") from error
    report = validate(graph)
    if not report.conforms:
        raise KgError("the built graph does not conform to ontology/shapes.ttl: " + report.text().replace("\n", " "))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KgError(f"{out_dir}: cannot create the output folder ({error.strerror})") from error
    written = write_outputs(graph, out_dir, chosen)
    click.echo(f"{len(documents)} article(s), {len(graph)} triples → " + ", ".join(str(p) for p in written))


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("--preset", default=None, help="A named query: actors, statements, provisions, objections, stances.")
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), default=None, help="Read the SPARQL query from a file.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "table"]), default="table", show_default=True)
def query(graph, sparql, preset, query_file, fmt):
    """Answer a preset or any SPARQL SELECT/ASK/CONSTRUCT over GRAPH."""
    from kg.errors import QueryError
    from kg.query import format_result, load_graph, run_preset, run_sparql

    given = [x for x in (sparql, preset, query_file) if x]
    if len(given) != 1:
        raise QueryError("give exactly one of: a SPARQL query, --preset NAME or -f FILE")
    if query_file:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise QueryError(f"{query_file}: cannot read the query ({error})") from error
    store = load_graph(graph)
    result = run_preset(store, preset) if preset else run_sparql(store, sparql)
    click.echo(format_result(result, fmt), nl=False)


@main.command(name="validate")
@click.argument("graph", type=click.Path(path_type=Path))
def validate_command(graph):
    """Check GRAPH against the SHACL shapes and print a readable report."""
    from kg.validate import validate

    report = validate(_read_graph(graph))
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

    write_file(_read_graph(graph), output, fmt)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
def view(graph, output):
    """Render any graph kg wrote as an interactive HTML page."""
    from kg.export import write_file

    write_file(_read_graph(graph), output, "html")


@main.command(name="eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path), help="Folder of NAME.gold.json files.")
def eval_command(paths, gold_dir):
    """Score the extraction of PATHS against hand-made gold annotations."""
    from kg.evaluate import evaluate_paths
    from kg.ingest import read_paths
    from kg.pipeline import predict_rows

    articles = [d.source for d in read_paths(paths).documents]
    summary = evaluate_paths(gold_dir, [Path(a) for a in articles], predict_rows)
    click.echo(summary.table())
