"""Records come back in input order whatever the workers, with more articles than one chunk
(``build.CHUNK``) so that the pool's chunks are really split between processes."""
import pytest

from pipeline import build, records

ARTICLES = 3 * build.CHUNK - 4  # 20: two full chunks and a part of one


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel") / "corpus"
    root.mkdir()
    for i in range(ARTICLES):
        # Each article its own figures, and lengths that differ, so that a swap shows.
        body = "".join(f"第{j}段,全区建成{i * 100 + j}个基地,{2000 + i}年{1 + j % 12}月完成。" for j in range(1 + i % 5))
        (root / f"a{i:02d}.txt").write_text(body, encoding="utf-8")
    return root


def test_parallel_extract_many_keeps_the_order(corpus):
    paths = [str(p) for p in build.discover([corpus])]
    assert len(paths) == ARTICLES > 2 * build.CHUNK
    one = [records.dumps(o.record) for o in build.extract_many(paths, workers=1)]
    two = [records.dumps(o.record) for o in build.extract_many(paths, workers=2)]
    assert two == one
    assert [r.split('"id": "')[1][:3] for r in two] == [f"a{i:02d}" for i in range(ARTICLES)]


def test_parallel_build_is_byte_identical(corpus, tmp_path):
    build.build(corpus, tmp_path / "one", workers=1, root=tmp_path)
    build.build(corpus, tmp_path / "two", workers=2, root=tmp_path)
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert len(names) == ARTICLES + 2
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
