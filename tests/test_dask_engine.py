"""The Dask engine on a real local cluster (a scheduler and 2 worker processes on loopback)
gives outputs identical, byte for byte, to the local process pool's."""
import shutil

import pytest

from pipeline import build

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as local_cluster:
        yield local_cluster


def test_dask_engine_outputs_equal_local_engine(cluster, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree("corpus/seeds", corpus / "seeds")
    (corpus / "seeds" / "broken.txt").write_bytes(b"\x00\x01binary")
    local = build.build(corpus, tmp_path / "local", workers=2, root=tmp_path)
    on_dask = build.build(corpus, tmp_path / "dask", root=tmp_path, scheduler=cluster.scheduler_address)
    assert local.errors == on_dask.errors and len(on_dask.errors) == 1
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "dask").iterdir())
    assert len(names) == 5 + 2
    for name in names:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
