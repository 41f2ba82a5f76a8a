"""Fault injection on saves beyond tests/test_saves_*.py: disk full at the real write call (not the test
hook), during autosave, permission denied on the folder, a saves folder removed between turns, special
files in the saves folder; and the CLI with garbage arguments (exit 1 or 2, a message, no traceback)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_saves_support import play

import game.saves.store as store
from game.cli import main
from game.saves import SaveError, SaveWriteError, autosave, list_saves, load_game, save_game, verify

ROOT = Path(__file__).parent.parent


def snapshot(rec):
    return (rec.updated, rec.unsaved_turns, rec.dirty, rec.payload_sha256, rec.state_hash, len(rec.log), rec.path)


def full_disk(monkeypatch, code=errno.ENOSPC):
    """The save's file object fails on write (as on a full disk), after the temp file was created."""
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, _data):
            raise OSError(code, os.strerror(code))

        def __getattr__(self, name):
            return getattr(self.f, name)

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Failing(real_fdopen(*a, **k)))


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied")])
@pytest.mark.parametrize("how", ["save_game", "autosave"])
def test_write_failure_at_the_write_call_loses_nothing_and_the_game_goes_on(tmp_path, monkeypatch, code, words,
                                                                              how):
    rec = play(seed=3, upto_turn=2)
    good = save_game(rec, tmp_path, name="game")
    first_auto = autosave(rec, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    rec.apply(rec.legal_decisions()[0])
    state = snapshot(rec)
    with monkeypatch.context() as m:
        full_disk(m, code)
        with pytest.raises(SaveWriteError) as info:
            save_game(rec, tmp_path, name="game") if how == "save_game" else autosave(rec, tmp_path)
    msg = str(info.value)
    assert words in msg and "unchanged" in msg and "Traceback" not in msg
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # previous saves intact, no temp files
    assert snapshot(rec) == state
    # both earlier files still load, at the state they recorded (the one before the failed write's decision)
    assert load_game(good).state_hash != rec.state_hash
    assert load_game(first_auto).state_hash == load_game(good).state_hash
    # the game goes on and saves elsewhere once the disk has room
    while not rec.over:
        rec.apply(rec.legal_decisions()[-1])
    elsewhere = save_game(rec, tmp_path / "elsewhere", name="game")
    assert load_game(elsewhere).state_hash == rec.state_hash
    assert verify(elsewhere).ok


def test_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    rec = play(seed=4, upto_turn=2)
    kept = save_game(rec, folder, name="game")
    before = kept.read_bytes()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only mode does not stop writes")
        rec.apply(rec.legal_decisions()[0])
        with pytest.raises(SaveWriteError, match="permission denied"):
            save_game(rec, folder, name="game")
        with pytest.raises(SaveWriteError, match="permission denied"):
            autosave(rec, folder)
        assert kept.read_bytes() == before
    finally:
        folder.chmod(0o755)


def test_permission_denied_creating_the_temp_file(tmp_path, monkeypatch):
    """Root ignores folder modes: the same refusal, injected where the temp file is created."""
    import tempfile

    rec = play(seed=4, upto_turn=2)
    kept = save_game(rec, tmp_path, name="game")
    before = kept.read_bytes()
    rec.apply(rec.legal_decisions()[0])
    state = snapshot(rec)

    def deny(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", deny)
    for attempt in (lambda: save_game(rec, tmp_path, name="game"), lambda: autosave(rec, tmp_path)):
        with pytest.raises(SaveWriteError, match="permission denied"):
            attempt()
    assert kept.read_bytes() == before and snapshot(rec) == state


def test_permission_denied_creating_the_folder(tmp_path, monkeypatch):
    def deny(self, *a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", deny)
    with pytest.raises(SaveWriteError, match="permission denied"):
        autosave(play(seed=4, upto_turn=2), tmp_path / "new")


def test_saves_folder_removed_between_turns(tmp_path):
    folder = tmp_path / "saves"
    rec = play(seed=5, upto_turn=2)
    autosave(rec, folder)
    save_game(rec, folder, name="named")
    shutil.rmtree(folder)
    rec.apply(rec.legal_decisions()[0])
    try:
        path = autosave(rec, folder)
    except SaveError as exc:  # either outcome is acceptable; a clear message if refused
        assert str(exc) and "Traceback" not in str(exc)
        left = []
    else:
        assert folder.is_dir() and load_game(path).state_hash == rec.state_hash
        left = [path]
    # the listing shows exactly what the autosave left there, as a good save
    infos = list_saves(folder)
    assert [i.path for i in infos] == left and not any(i.damaged for i in infos)
    path = save_game(rec, folder, name="named")
    assert load_game(path).state_hash == rec.state_hash


def test_saves_folder_replaced_by_a_file_between_turns(tmp_path):
    folder = tmp_path / "saves"
    rec = play(seed=5, upto_turn=2)
    autosave(rec, folder)
    shutil.rmtree(folder)
    folder.write_text("not a folder")
    with pytest.raises(SaveWriteError, match="not a folder"):
        autosave(rec, folder)
    assert list_saves(folder) == []


def test_list_saves_survives_odd_entries(tmp_path):
    good = save_game(play(seed=1), tmp_path, name="good")
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "huge.json").write_bytes(b"{" + b" " * (1 << 20))
    (tmp_path / "nul.json").write_bytes(b"\x00" * 100)
    (tmp_path / "array.json").write_text("[1, 2, 3]")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "number.json").write_text("1e999999")
    (tmp_path / "utf16.json").write_bytes("{}".encode("utf-16"))
    (tmp_path / "half.json").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "sub.json").mkdir()
    infos = {i.path.name: i for i in list_saves(tmp_path)}
    assert not infos["good.json"].damaged
    for name, info in infos.items():
        if name != "good.json":
            assert info.damaged and info.reason and "Traceback" not in info.reason, name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_saves_folder_does_not_block(tmp_path):
    save_game(play(seed=1), tmp_path, name="good")
    os.mkfifo(tmp_path / "pipe.json")
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, {tests!r})
        from game.saves import list_saves, load_game, SaveError
        infos = {{i.path.name: i for i in list_saves(sys.argv[1])}}
        assert infos["pipe.json"].damaged and not infos["good.json"].damaged
        try:
            load_game(sys.argv[1] + "/pipe.json")
        except SaveError as exc:
            print("REFUSED", exc)
    """).format(tests=str(Path(__file__).parent))
    try:
        proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                              cwd=ROOT, timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("list_saves/load_game blocked on a FIFO")
    assert proc.returncode == 0 and "REFUSED" in proc.stdout, proc.stderr


# ---------------------------------------------------------------------------------- CLI with garbage


def cli_cases(tmp: Path) -> list[list[str]]:
    missing, folder = str(tmp / "missing.json"), str(tmp)
    g = str(tmp / "garbage.json")
    return [
        ["validate", missing], ["validate", str(tmp / "missing.yaml"), "--strict"],
        ["replay", missing], ["replay", folder], ["replay", g], ["replay", "--verify", missing],
        ["replay", "--verify", folder], ["replay", "--verify", g], ["replay", "--verify", g, "--format", "json"],
        ["debrief", missing], ["debrief", folder], ["debrief", g], ["debrief", g, g, "--format", "html"],
        ["debrief", g, "-o", str(tmp / "nowhere" / "deep" / "x.md")],
        ["simulate", "--games", "ten"], ["simulate", "--games", "0"], ["simulate", "--games", "-3"],
        ["simulate", "--jobs", "0"], ["simulate", "--jobs", "x"], ["simulate", "--seed", str(2**64)],
        ["simulate", "--seed", "-1"], ["simulate", "--seed", "1e9"], ["simulate", "--scenario", missing, "--games", "1"],
        ["simulate", "--scenario", folder, "--games", "1"], ["simulate", "--deck", g, "--games", "1"],
        ["simulate", "--scenario", "no-such-id", "--games", "1"], ["simulate", "--policy", "evil"],
        ["check", missing], ["check", folder], ["check", g], ["check", "no-such-id", "--games", "1"],
        ["check", "tripoli-2019", "--games", "0"], ["check", "tripoli-2019", "--seed", "big"],
        ["new-deck", folder], ["new-deck", str(tmp / "nowhere" / "deep" / "d.yaml"), "--extends", "no-such-id"],
        ["schema", "-o", folder], ["schema", "-o", str(tmp / "nowhere" / "deep" / "s.json")],
        ["play", "--seed", "abc"], ["play", "--turn", "0"], ["play", "--from", missing, "--turn", "x"],
        ["bogus-command"], ["--nonsense"],
    ]


CASES = cli_cases(Path("/TMP"))  # only for the ids


@pytest.mark.parametrize("index", range(len(CASES)), ids=[" ".join(c).replace("/TMP", "T")[:60] for c in CASES])
def test_cli_garbage_arguments_exit_with_a_message(index, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WARGAME_SAVES", str(tmp_path / "saves"))
    (tmp_path / "garbage.json").write_bytes(b"\x00\xffgarbage")
    args = cli_cases(tmp_path)[index]
    try:
        code = main(args)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    cap = capsys.readouterr()
    text = cap.out + cap.err
    assert code in (1, 2), (code, text)
    assert text.strip(), "no message"
    assert "Traceback" not in text
