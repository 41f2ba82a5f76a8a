"""Damaged, truncated, tampered, foreign and newer saves: each gets the right SaveError and a clear message,
through load_game and through `replay --verify` (exit 2, no traceback)."""

from __future__ import annotations

import argparse
import json
import random

import pytest
from test_saves_support import play, read, rewrite

from game.saves import (
    SaveContentMismatch, SaveError, SaveForeign, SaveInvalid, SaveIsDirectory, SaveNewerFormat, SaveNotFound,
    SaveNotJSON, SavePayloadMismatch, SaveReplayError, load_game, save_game,
)
from game.content.canonical import sha256_hex
from game.model.save import FORMAT_VERSION
from game.saves.codec import parse_save
from game.cli.saves import print_replay as replay_command


@pytest.fixture(scope="module")
def small_save(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    rec = play(seed=2, upto_turn=3)
    rec.annotate(1, "note")
    return save_game(rec, folder, name="small")


def replay(path, verify=True, fmt="text"):
    return replay_command(argparse.Namespace(save=str(path), verify=verify, format=fmt, saves_dir=None))


def test_missing_file(tmp_path, capsys):
    with pytest.raises(SaveNotFound, match="no save file here"):
        load_game(tmp_path / "nope.json")
    assert replay(tmp_path / "nope.json") == 2
    err = capsys.readouterr().err
    assert "no save file here" in err and "Traceback" not in err


def test_a_directory(tmp_path, capsys):
    with pytest.raises(SaveIsDirectory, match="is a folder"):
        load_game(tmp_path)
    assert replay(tmp_path) == 2


def test_empty_file(tmp_path):
    p = tmp_path / "empty.json"
    p.write_bytes(b"")
    with pytest.raises(SaveNotJSON, match="the file is empty"):
        load_game(p)


def first_error(raw: bytes) -> SaveError | None:
    """The loader's verdict on some bytes (parse_save is what load_game runs after reading the file)."""
    try:
        parse_save(raw)
    except SaveError as exc:
        return exc
    return None


def test_truncated_at_every_byte_offset(small_save, tmp_path):
    data = small_save.read_bytes()
    end = len(data.rstrip())
    messages = set()
    for n in range(end):
        err = first_error(data[:n])
        assert isinstance(err, SaveNotJSON), (n, err)
        messages.add(err.message.split(" (")[0])
    # a cut save says so in words: empty, or truncated
    assert messages == {"the file is empty: the save was never written completely", "the file ends early"}
    p = tmp_path / "cut.json"
    p.write_bytes(data[: end // 2])
    with pytest.raises(SaveNotJSON, match="it is truncated, or was not written completely"):
        load_game(p)
    p.write_bytes(data[:end])  # only trailing whitespace dropped: still the same save
    assert load_game(p).state_hash == load_game(small_save).state_hash


def test_a_bit_flipped_anywhere_is_detected(small_save):
    data = small_save.read_bytes()
    kinds = set()
    rng = random.Random(4)
    for pos in sorted(rng.sample(range(len(data)), 1500)):
        bad = bytearray(data)
        bad[pos] ^= 1 << rng.randrange(8)
        err = first_error(bytes(bad))
        assert err is not None, f"a flipped bit at byte {pos} went unnoticed"
        kinds.add(type(err).__name__)
    # the common cases all occur, and each has its own message
    assert {"SavePayloadMismatch", "SaveNotJSON"} <= kinds


def test_tampered_value_is_a_payload_mismatch(small_save, tmp_path, capsys):
    d = read(small_save)
    d["turns"][0]["meters"]["leverage"] += 1
    p = tmp_path / "tampered.json"
    rewrite(p, d, rehash=False)
    with pytest.raises(SavePayloadMismatch, match="changed or damaged after it was written"):
        load_game(p)
    assert replay(p) == 2
    assert "payload hash mismatch" in capsys.readouterr().err


def test_missing_payload_hash(small_save, tmp_path):
    d = read(small_save)
    del d["payload_sha256"]
    p = tmp_path / "nohash.json"
    rewrite(p, d, rehash=False)
    with pytest.raises(SavePayloadMismatch, match="no payload hash"):
        load_game(p)


@pytest.mark.parametrize("text", ['{"hello": "world"}', "[1, 2, 3]", '"a string"', "42",
                                  '{"format": "some-other-game", "format_version": 2}'])
def test_foreign_json(tmp_path, text, capsys):
    p = tmp_path / "foreign.json"
    p.write_text(text)
    with pytest.raises(SaveForeign, match="not a Kremlin's Libya Gambit save"):
        load_game(p)
    assert replay(p) == 2


def test_not_json_and_not_utf8(tmp_path):
    p = tmp_path / "x.json"
    p.write_text("format: kremlins-libya-gambit-save\n")
    with pytest.raises(SaveNotJSON, match="not valid JSON at line 1"):
        load_game(p)
    p.write_bytes(b'{"format": "\xff\xfe"}')
    with pytest.raises(SaveNotJSON, match="not UTF-8"):
        load_game(p)
    p.write_text('{"format": NaN}')
    with pytest.raises(SaveNotJSON):
        load_game(p)
    p.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SaveError):
        load_game(p)


def test_newer_format_is_refused_clearly(small_save, tmp_path, capsys):
    d = read(small_save)
    d["format_version"] = FORMAT_VERSION + 1
    p = tmp_path / "future.json"
    rewrite(p, d)
    with pytest.raises(SaveNewerFormat) as info:
        load_game(p)
    assert info.value.message == (f"this save was written by a newer version (format {FORMAT_VERSION + 1}); this "
                                  f"game reads up to format {FORMAT_VERSION}: upgrade the game")
    assert replay(p, fmt="json") == 2
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and f"newer version (format {FORMAT_VERSION + 1})" in out["error"]


@pytest.mark.parametrize("edit, words", [
    (lambda d: d.update(format_version="2"), "no usable format version"),
    (lambda d: d.update(format_version=0), "no usable format version"),
    (lambda d: d.pop("seed"), "seed"),
    (lambda d: d.update(created="yesterday"), "not an ISO timestamp"),
    (lambda d: d["turns"][0].update(state_hash="abc"), "state_hash"),
    (lambda d: d.update(decisions="all of them"), "decisions"),
    (lambda d: d.update(surprise=1), "surprise"),
])
def test_invalid_fields_are_named(small_save, tmp_path, edit, words):
    d = read(small_save)
    edit(d)
    p = tmp_path / "invalid.json"
    rewrite(p, d)
    with pytest.raises(SaveInvalid, match=words):
        load_game(p)


def test_embedded_content_changed_without_its_hash(small_save, tmp_path):
    d = read(small_save)
    d["content"]["scenario"]["title"] = "Another title"
    p = tmp_path / "content.json"
    rewrite(p, d)
    with pytest.raises(SaveContentMismatch, match="embedded content does not match its SHA-256"):
        load_game(p)


def test_broken_embedded_content_is_invalid(small_save, tmp_path):
    d = read(small_save)
    d["content"]["scenario"]["meters"] = "none"
    d["content_sha256"] = sha256_hex(d["content"])
    p = tmp_path / "content.json"
    rewrite(p, d)
    with pytest.raises(SaveInvalid, match="content embedded in the save is not valid"):
        load_game(p)


def test_a_log_that_does_not_replay(small_save, tmp_path, capsys):
    d = read(small_save)
    # an option that does not exist, in the log and in its turn
    d["decisions"][0][1] = "surrender"
    d["turns"][0]["decisions"][0][1] = "surrender"
    p = tmp_path / "log.json"
    rewrite(p, d)
    with pytest.raises(SaveReplayError, match="does not replay") as info:
        load_game(p)
    assert info.value.turn == 1
    assert replay(p) == 1  # readable, but diverges: --verify names the turn
    out = capsys.readouterr().out
    assert "diverges at turn 1" in out and "surrender" in out


def test_damage_never_shows_a_traceback_through_the_command(small_save, tmp_path, capsys):
    data = small_save.read_bytes()
    p = tmp_path / "d.json"
    for bad in (data[: len(data) // 2], data.replace(b'"leverage":', b'"leverag3":', 1), b"\x00" * 50):
        p.write_bytes(bad)
        for verify in (True, False):
            assert replay(p, verify=verify) == 2
            captured = capsys.readouterr()
            assert "Traceback" not in captured.err + captured.out
            assert captured.err.startswith("wargame replay: ")
