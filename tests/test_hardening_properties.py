"""Properties beyond tests/test_content_fuzz.py (which mutates a tiny scenario's data and parses random text
in memory): text-level mutations of the *shipped* scenario files through validate_paths (files on disk:
bytes deleted, duplicated, replaced, lines swapped), and replay of shipped-scenario games played with random
decisions through GameRecord, saved and verified turn by turn."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content import clear_caches, find_scenario, resolve, validate_paths
from game.saves import GameRecord, load_game, save_game, verify

SHIPPED = ["tripoli-2019", "partnership-2016"]


@pytest.fixture(scope="module")
def texts():
    return {sid: find_scenario(sid).read_bytes() for sid in SHIPPED}


@st.composite
def mutation(draw, size: int):
    kind = draw(st.sampled_from(["delete", "insert", "replace", "swap_lines", "truncate"]))
    at = draw(st.integers(0, size - 1))
    n = draw(st.integers(1, 64))
    junk = draw(st.binary(min_size=1, max_size=16) | st.sampled_from(
        [b":", b"- ", b"\n  ", b"&a ", b"*a", b"!!python/object:os.system ", b"{", b"[", b"\t", b"'", b"\xff",
         b"1e999", b"-5", b".nan", b"~", b"id: ", b"follow_up: vote\n"]))
    return kind, at, n, junk


def apply_mutation(data: bytes, m) -> bytes:
    kind, at, n, junk = m
    if kind == "delete":
        return data[:at] + data[at + n:]
    if kind == "insert":
        return data[:at] + junk + data[at:]
    if kind == "replace":
        return data[:at] + junk + data[at + len(junk):]
    if kind == "truncate":
        return data[:at]
    lines = data.split(b"\n")
    i, j = at % len(lines), (at + n) % len(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


@settings(max_examples=40)  # fewer than the profile's: each example resolves a whole shipped scenario file
@given(data=st.data())
def test_mutated_shipped_scenario_files_never_raise(texts, tmp_path_factory, data):
    sid = data.draw(st.sampled_from(SHIPPED))
    original = texts[sid]
    mutations = data.draw(st.lists(mutation(len(original)), min_size=1, max_size=3))
    text = original
    for m in mutations:
        text = apply_mutation(text, m) or b" "
    folder = tmp_path_factory.mktemp("mut")
    path = folder / f"{sid}.yaml"
    path.write_bytes(text)
    clear_caches()
    problems = validate_paths([path])  # must return, never raise
    for p in problems:
        line = str(p)
        assert line and "\n" not in line.strip() and "Traceback" not in line


@given(text=st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_random_text_files_never_raise(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("txt") / "random.yaml"
    try:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    except UnicodeEncodeError:
        path.write_bytes(text.encode("utf-8", "replace"))
    clear_caches()
    for p in validate_paths([path]):
        assert str(p)


@pytest.fixture(scope="module")
def shipped():
    return {sid: resolve(sid) for sid in SHIPPED}


@settings(max_examples=12)  # fewer than the profile's: each example plays, saves and re-verifies a whole game
@given(sid=st.sampled_from(SHIPPED), seed=st.integers(0, 2**63 - 1), picks=st.lists(st.integers(0, 2**16),
                                                                                     max_size=400))
def test_random_games_replay_to_every_hash(shipped, tmp_path_factory, sid, seed, picks):
    rec = GameRecord.start(shipped[sid], seed, player="fuzz")
    turns_seen = [rec.turn]
    for i in range(2000):
        if rec.over:
            break
        legal = rec.legal_decisions()
        assert legal, "a game that is not over always offers a decision"
        rec.apply(legal[picks[i % len(picks)] % len(legal)] if picks else legal[0])
        assert rec.turn >= turns_seen[-1]  # turns never go back
        turns_seen.append(rec.turn)
    assert rec.over, "the game ends within its span"
    assert rec.turn <= rec.rules.turns + 1
    live = verify(rec)
    assert live.ok, live.message
    path = save_game(rec, tmp_path_factory.mktemp("replay"), name="fuzz")
    report = verify(path)
    assert report.ok and report.first_divergence is None, (report.message, report.details)
    assert report.turns_checked >= 1
    assert load_game(path).state_hash == rec.state_hash
