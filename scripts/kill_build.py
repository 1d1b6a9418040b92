"""kill -9 a build at random points, rebuild, and check outputs/ against a clean build, byte for byte.

    python scripts/kill_build.py [--articles 2000] [--rounds 6] [--seed 7]

Articles are slices of the corpus's own reports, written to a temporary folder. Each round
edits a random share of them, starts ``python -m pipeline build`` with 2 workers, kills its
whole process group (SIGKILL, as a machine crash would) at a random moment of the build,
then either restores the articles (the "changed, then reverted" case) or keeps the edit,
rebuilds, and compares every file of outputs/ with a clean build of the same corpus in a
fresh folder. Exit 1 at the first difference; CI runs it (.ci/run).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, count: int, rng: random.Random) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*/*.txt")) if is_utf8(p)]
    for i in range(count):
        text = rng.choice(texts)
        start = rng.randrange(max(1, len(text) - 600))
        (folder / f"a{i:05d}.txt").write_text(text[start:start + rng.randint(200, 900)], encoding="utf-8")


def is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def build(corpus: Path, outputs: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--corpus", str(corpus), "--outputs",
                             str(outputs), "--workers", "2"], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def finish(process: subprocess.Popen) -> float:
    started = time.perf_counter()
    _, errors = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}): {errors.decode()}")
    return time.perf_counter() - started


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def differences(built: dict[str, bytes], clean: dict[str, bytes]) -> list[str]:
    return sorted(name for name in built.keys() | clean.keys() if built.get(name) != clean.get(name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kill-build-") as scratch:
        corpus, outputs = Path(scratch) / "corpus", Path(scratch) / "outputs"
        corpus.mkdir()
        make_corpus(corpus, args.articles, rng)
        full = finish(build(corpus, outputs))
        print(f"clean build of {args.articles} articles: {full:.1f} s")
        for round_ in range(1, args.rounds + 1):
            revert = round_ % 2 == 1
            edited = rng.sample(sorted(corpus.iterdir()), k=args.articles // 2)
            originals = {path: path.read_bytes() for path in edited}
            for path in edited:
                path.write_bytes(originals[path] + "另有3个基地于10月26日挂牌。".encode())
            delay = rng.uniform(0.2, full)
            victim = build(corpus, outputs)
            time.sleep(delay)
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait()
            if revert:
                for path, data in originals.items():
                    path.write_bytes(data)
            finish(build(corpus, outputs))
            reference = Path(scratch) / f"clean{round_}"
            finish(build(corpus, reference))
            wrong = differences(snapshot(outputs), snapshot(reference))
            print(f"round {round_}: {len(edited)} articles edited{', then reverted' if revert else ''}, "
                  f"killed at {delay:.2f} s, rebuilt: {len(wrong)} files differ from a clean build")
            if wrong:
                print("differ:", ", ".join(wrong[:20]))
                return 1
            shutil.rmtree(reference)
    print(f"{args.rounds} kills, every rebuild byte-identical to a clean build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
