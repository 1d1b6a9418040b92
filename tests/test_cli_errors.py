"""Every error a user can cause is one line naming the file and the reason, with the
documented exit code (0 ok, 1 some input failed, 2 could not run, 130 interrupted)."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import cli

SEED = Path("corpus/seeds/000_2ba991e02224f61e.txt")
REPO = Path(__file__).resolve().parent.parent


def run_cli(*args, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, **options)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    return line


def test_extract_refuses_two_inputs_with_one_id_before_writing_anything(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text("2023年,建成12个基地。", encoding="utf-8")
    result = run_cli("extract", tmp_path / "a", tmp_path / "b", "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "have the same article id 'x'; rename one (nothing was written)" in one_line_error(result)
    assert not (tmp_path / "out").exists()


def test_extract_out_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "out").write_text("", encoding="utf-8")
    result = run_cli("extract", SEED, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert one_line_error(result) == f"error: {tmp_path / 'out'}: cannot write records there: File exists"


def test_extract_names_a_folder_without_articles_and_does_the_others(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("extract", tmp_path / "empty", SEED)
    assert result.returncode == 1
    assert one_line_error(result) == f"error: {tmp_path / 'empty'}: no .txt articles in this folder"
    assert result.stdout.count("\n") == 1


def test_extract_into_a_closed_pipe_ends_quietly():
    result = subprocess.run(f"{sys.executable} -m pipeline extract corpus/seeds | head -c 10", shell=True,
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert len(result.stdout) == 10
    assert result.stderr == ""


def test_build_of_a_missing_corpus_is_one_line_and_exit_2(tmp_path):
    result = run_cli("build", "--corpus", tmp_path / "corpu", "--outputs", tmp_path / "outputs")
    assert result.returncode == 2
    assert one_line_error(result) == f"error: {tmp_path / 'corpu'}: cannot read the corpus: no such folder"


def test_build_interrupted_by_ctrl_c_ends_cleanly_with_its_workers(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(150):   # distinct texts and an empty model cache: the build is still running when interrupted
        (corpus / f"n{i:03d}.txt").write_text(SEED.read_text(encoding="utf-8") + f"\n（第{i}篇）\n", encoding="utf-8")
    build = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--corpus", str(corpus), "--outputs",
                              str(tmp_path / "outputs"), "--workers", "2"], cwd=REPO, stderr=subprocess.PIPE,
                             text=True, start_new_session=True, env={**os.environ, "PIPELINE_CACHE": str(tmp_path / "cache")},
                             # Ctrl-C as a terminal's foreground job gets it, whatever the runner's own
                             # disposition (a shell's background job, `cmd &`, ignores SIGINT)
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list((tmp_path / "outputs").glob("n*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)  # interrupted in the middle of the work
    os.killpg(build.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches the whole group
    assert build.wait(timeout=30) == 130
    assert build.stderr.read().splitlines()[-1] == "interrupted"
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(build.pid, 0)  # no worker of the group is left


def test_diff_rev_that_looks_like_an_option_is_refused(tmp_path, capsys):
    target = tmp_path / "made"
    assert cli.main(["diff", f"--rev=--output={target}"]) == 2
    assert not target.exists()
    assert capsys.readouterr().err.strip() == f"error: diff: --rev '--output={target}' is not a revision"


def test_extract_names_a_file_name_that_is_not_utf8_and_does_the_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    with open(os.fsencode(folder) + b"/\xff.txt", "wb") as stream:
        stream.write("2023年,建成12个基地。".encode())
    result = run_cli("extract", folder)
    assert result.returncode == 1
    assert one_line_error(result) == f"error: '{folder}/\\udcff.txt': the file name is not valid UTF-8; rename the file"
    assert result.stdout.startswith('{"id":"good"')
