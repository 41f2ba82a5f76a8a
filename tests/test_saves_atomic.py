"""A kill during saving leaves the last good save: a real subprocess writes a save over the previous one
and is killed with SIGKILL at chosen points of the write (by the parent, or by itself through the store's
test hook, so no timing is involved)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_saves_support import play

from game.saves import list_saves, load_game, save_game

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

TESTS = Path(__file__).parent
ROOT = TESTS.parent

CHILD = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    import game.saves.store as store
    from game.saves import load_game, save_game

    path, stage, index, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rec = load_game(path)
    while not rec.over:                       # play on from the previous save to the end
        rec.apply(rec.legal_decisions()[-1])
    store._CHUNK = 256                        # many chunks: kill points inside the data

    def hook(at, i):
        if at == stage and i == index:
            if mode == "self":
                os.kill(os.getpid(), signal.SIGKILL)
            print("READY", flush=True)        # the parent kills us while we wait here
            sys.stdin.read()

    store._test_hook = hook
    save_game(rec, os.path.dirname(path), name="game")
    print("FINISHED", flush=True)
""").format(tests=str(TESTS))


def run_child(path: Path, stage: str, index: int, mode: str) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), stage, str(index), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True,
    )
    if mode == "parent":
        line = proc.stdout.readline()
        assert line.strip() == "READY", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, out, err)
    return out


@pytest.fixture
def previous(tmp_path):
    rec = play(seed=3, upto_turn=3)
    path = save_game(rec, tmp_path, name="game")
    return path, path.read_bytes(), rec.state_hash


@pytest.mark.parametrize("stage, index, mode", [
    ("chunk", 0, "parent"),   # first bytes written
    ("chunk", 9, "self"),     # in the middle
    ("fsync", 0, "self"),     # all written, not yet synced
    ("replace", 0, "parent"),  # synced, not yet in place
])
def test_kill_before_the_replace_leaves_the_previous_save(previous, stage, index, mode):
    path, before, old_hash = previous
    run_child(path, stage, index, mode)
    assert path.read_bytes() == before
    loaded = load_game(path)
    assert loaded.state_hash == old_hash and not loaded.over
    # a left-over temp file is invisible to listings and never mistaken for a save
    infos = list_saves(path.parent)
    assert [i.path.name for i in infos] == ["game.json"] and not infos[0].damaged


def test_kill_after_the_replace_leaves_the_new_save(previous):
    path, before, _old = previous
    run_child(path, "dirsync", 0, "self")
    assert path.read_bytes() != before
    loaded = load_game(path)
    assert loaded.over  # the complete new game, not a mix
    assert [p.name for p in path.parent.iterdir() if not p.name.startswith(".")] == ["game.json"]
