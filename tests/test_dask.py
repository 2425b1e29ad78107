"""``kg build --engine dask``: a Dask LocalCluster of two workers runs the same pipeline functions and
gives the local build's graph, byte for byte."""
import pytest

distributed = pytest.importorskip("distributed")

from kg.export.turtle import write_turtle  # noqa: E402
from kg.pipeline import build  # noqa: E402


def test_dask_local_cluster_gives_the_local_graph(tmp_path):
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        remote = build(["seeds"], engine_name="dask", scheduler=cluster.scheduler_address)
    local = build(["seeds"])
    write_turtle(remote.graph, tmp_path / "remote.ttl")
    write_turtle(local.graph, tmp_path / "local.ttl")
    assert (tmp_path / "remote.ttl").read_bytes() == (tmp_path / "local.ttl").read_bytes()
    assert list(remote.graph.ntriples()) == list(local.graph.ntriples())
