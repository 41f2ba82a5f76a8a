"""The hostile content corpus (tests/data/hostile/ plus big and special files generated here) through the
real `wargame validate` entry point: exit 1 or 2, one line per problem naming the file, no traceback, and
bounded memory. Speed is not asserted (it belongs in bench/); a generous wall-clock guard only catches hangs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from game.cli import main

HOSTILE = Path(__file__).parent / "data" / "hostile"
CORPUS = sorted(HOSTILE.glob("*.yaml"))
ROOT = Path(__file__).parent.parent


def _check_refused(path: Path, code: int, out: str, err: str) -> None:
    text = out + err
    assert code in (1, 2), (code, text)
    assert "Traceback" not in text
    shown = str(path)
    problem_lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith(" ")
                     and "error(s)" not in ln]
    assert problem_lines, text
    # every problem line names the file (or its display form, the file name at least)
    assert all(path.name in ln for ln in problem_lines), text
    assert path.name in shown


def validate(path: Path, capsys) -> tuple[int, str, str]:
    from game.content import clear_caches

    clear_caches()  # the document cache would hide a second read
    code = main(["validate", str(path)])
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_the_corpus_is_there():
    names = {p.stem for p in CORPUS}
    for needed in ("alias_bomb", "python_object_apply", "duplicate_keys", "binary_garbage", "utf16_bom",
                   "invalid_utf8", "cyclic_follow_up", "meter_start_huge", "turns_negative", "weight_nan",
                   "weight_inf", "weight_1e308", "chance_1000", "chance_negative"):
        assert needed in names


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_hostile_file_is_refused_clearly(path, capsys):
    code, out, err = validate(path, capsys)
    _check_refused(path, code, out, err)


def test_python_tags_run_nothing(tmp_path, capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    code, out, err = validate(HOSTILE / "python_object_apply.yaml", capsys)
    assert code == 1 and "tags" in out + err and calls == []


# ---------------------------------------------------------------------------------- generated files


def _big_file(folder: Path) -> Path:
    """A 50 MB YAML file: a valid-looking deck header then 50 MB of list items."""
    path = folder / "big.yaml"
    line = b"  - {id: card, title: A card that repeats, text: padding padding padding}\n"
    with open(path, "wb") as f:
        f.write(b"kind: deck\nid: big\nextends: tripoli-2019\ncards:\n")
        chunk = line * (1 << 14)
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    return path


def _deep(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def generated(kind: str, folder: Path) -> Path:
    depth = 10_000
    if kind == "50mb":
        return _big_file(folder)
    if kind == "deep_lists":
        return _deep(folder, "deep_lists.yaml", "kind: deck\nid: x\ncards: " + "[" * depth + "]" * depth + "\n")
    if kind == "deep_maps":
        return _deep(folder, "deep_maps.yaml", "kind: deck\nid: x\ncards: " + "{a: " * depth + "1" + "}" * depth
                     + "\n")
    if kind == "deep_block":  # block style: indentation, not brackets
        lines = ["kind: deck", "id: x", "cards:"]
        lines += [" " * (i + 1) + "a:" for i in range(2000)]
        lines.append(" " * 2001 + "b: 1")
        return _deep(folder, "deep_block.yaml", "\n".join(lines) + "\n")
    if kind == "directory":
        path = folder / "folder.yaml"
        path.mkdir()
        return path
    if kind == "empty_directory":
        path = folder / "empty"
        path.mkdir()
        return path
    if kind == "missing":
        return folder / "missing.yaml"
    if kind == "long_line":  # 4 MB on one line (under the size cap): a single huge scalar
        return _deep(folder, "long_line.yaml", "kind: deck\nid: x\ntitle: " + "x" * (4 * 1024 * 1024) + "\n")
    if kind == "many_keys":  # 1,000 unknown keys: many problems, capped (a much larger count is tested below)
        return _deep(folder, "many_keys.yaml", "kind: deck\nid: x\n" + "".join(f"k{i}: 1\n" for i in range(1000)))
    if kind == "dangling_symlink":
        path = folder / "dangling.yaml"
        path.symlink_to(folder / "nowhere.yaml")
        return path
    raise AssertionError(kind)


GENERATED = ["50mb", "deep_lists", "deep_maps", "deep_block", "directory", "empty_directory", "missing",
             "long_line", "many_keys", "dangling_symlink"]


@pytest.mark.parametrize("kind", GENERATED)
def test_generated_hostile_input_is_refused_clearly(kind, tmp_path, capsys):
    path = generated(kind, tmp_path)
    code, out, err = validate(path, capsys)
    text = out + err
    assert "Traceback" not in text
    if kind in ("directory", "empty_directory"):  # validate searches folders: an empty one is a warning
        assert "no .yaml or .yml files" in text and path.name in text and code in (0, 1)
        return
    _check_refused(path, code, out, err)
    if kind == "50mb":
        assert "limit" in text
    if kind == "many_keys":
        assert len(text.splitlines()) < 400  # capped, not 200,000 lines


def test_a_directory_given_as_a_scenario_file_is_refused(tmp_path):
    from game.content import ContentError, resolve

    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(ContentError) as info:
        resolve(folder)
    assert any("folder" in str(p) for p in info.value.problems), info.value.problems


def test_50mb_file_is_refused_in_bounded_memory(tmp_path, capsys):
    path = _big_file(tmp_path)
    from game.content import clear_caches

    clear_caches()
    tracemalloc.start()
    try:
        code = main(["validate", str(path)])
        _cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code in (1, 2) and "Traceback" not in capsys.readouterr().err
    assert peak < 200 * 1024 * 1024, peak
    assert peak < 20 * 1024 * 1024, f"refusing a 50 MB file should not read it: peak {peak} bytes"


@pytest.mark.parametrize("kind", ["deep_lists", "deep_maps"])
def test_deep_nesting_is_refused_in_bounded_memory(kind, tmp_path, capsys):
    path = generated(kind, tmp_path)
    from game.content import clear_caches

    clear_caches()
    tracemalloc.start()
    try:
        code = main(["validate", str(path)])
        _cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1 and "Traceback" not in capsys.readouterr().err
    assert peak < 200 * 1024 * 1024, peak


def test_alias_bomb_is_refused_in_bounded_memory(capsys):
    from game.content import clear_caches

    clear_caches()
    tracemalloc.start()
    try:
        code = main(["validate", str(HOSTILE / "alias_bomb.yaml")])
        _cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1 and "aliases" in capsys.readouterr().out
    assert peak < 50 * 1024 * 1024, peak


def test_unreadable_file_is_refused(tmp_path, capsys):
    path = tmp_path / "secret.yaml"
    path.write_text("kind: deck\nid: x\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not make the file unreadable")
        code, out, err = validate(path, capsys)
        _check_refused(path, code, out, err)
        assert "permission" in (out + err).lower() or "cannot read" in out + err
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_unreadable_file_is_refused_even_as_root(tmp_path, capsys, monkeypatch):
    """The same refusal with the open() failing (root ignores chmod 000)."""
    import builtins

    path = tmp_path / "secret.yaml"
    path.write_text("kind: deck\nid: x\n")
    real_open = builtins.open

    def deny(file, *a, **k):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", deny)
    code, out, err = validate(path, capsys)
    _check_refused(path, code, out, err)
    assert "Permission denied" in out + err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    """A named pipe with a .yaml name must not be opened (that would wait forever for a writer)."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "game.cli", "validate", str(fifo), str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode in (1, 2), proc.stdout + proc.stderr
    assert "not a regular file" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_corpus_through_a_real_process_refuses_everything(tmp_path):
    """One subprocess over the whole corpus: the installed entry point, the real stdout/stderr; the
    python tags must not have run anything."""
    marker = Path("/tmp/hostile-pwned")
    if marker.exists():
        marker.unlink()
    proc = subprocess.run([sys.executable, "-m", "game.cli", "validate", str(HOSTILE)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1, text
    assert "Traceback" not in text
    for path in CORPUS:
        assert path.name in text, path
    assert not marker.exists()


def test_memory_of_a_real_process_stays_bounded(tmp_path):
    """Peak RSS of a whole `wargame validate` on the 50 MB file, the deep files and the alias bomb."""
    big = _big_file(tmp_path)
    deep = [generated(k, tmp_path) for k in ("deep_lists", "deep_maps")]
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a big pytest process would
    # report the parent's peak; VmHWM belongs to the new process image.
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc/self/status")
    script = textwrap.dedent("""
        import sys
        from game.cli import main
        code = main(["validate", *sys.argv[1:]])
        hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
        print("PEAK_KB", hwm.split()[1], file=sys.stderr)
        sys.exit(code)
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(big), *map(str, deep), str(HOSTILE / "alias_bomb.yaml")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    peak_kb = int(proc.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    assert peak_kb < 200 * 1024, peak_kb  # Linux reports KiB


def test_many_unknown_keys_do_bounded_work(tmp_path, monkeypatch, capsys):
    """Mapping errors to messages must stop near the problem cap, whatever the number of errors."""
    import game.content.documents as documents

    calls = []
    real = documents._message

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(documents, "_message", counting)
    path = _deep(tmp_path, "keys.yaml", "kind: deck\nid: x\n" + "".join(f"k{i}: 1\n" for i in range(3000)))
    code, out, err = validate(path, capsys)
    assert code == 1 and "more problems" in out + err
    assert len(calls) <= 2 * documents.MAX_PROBLEMS + 10, len(calls)
