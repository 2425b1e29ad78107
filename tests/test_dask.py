"""``kg build --engine dask``: a Dask LocalCluster of two workers gives the local build's graph."""
import pytest

distributed = pytest.importorskip("distributed")

from kg.corpus import PREFIXES, build  # noqa: E402
from kg.export.turtle import write_shares  # noqa: E402


def test_dask_local_cluster_gives_the_local_graph(tmp_path):
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        remote = build(["seeds"], engine="dask", scheduler=cluster.scheduler_address)
    local = build(["seeds"])
    write_shares(remote.shares, PREFIXES, tmp_path / "remote.ttl")
    write_shares(local.shares, PREFIXES, tmp_path / "local.ttl")
    assert (tmp_path / "remote.ttl").read_bytes() == (tmp_path / "local.ttl").read_bytes()
    assert remote.partitioned and not local.partitioned and remote.shares == local.shares
