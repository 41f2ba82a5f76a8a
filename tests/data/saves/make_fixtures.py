"""Regenerate the fixture saves of this folder (run from the repository root):

    /work/venv/bin/python tests/data/saves/make_fixtures.py

v2-*.json are current-format saves; v1-finished.json is the same game as v2-finished.json written in
format 1 (the decision log was called `moves`; no annotations, forks or game id). Regenerate them only
when the embedded content's shape changes (the content loader's `embedded`), never to paper over a
migration bug: they stand for files players already have.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import game.saves.record as record_mod  # noqa: E402
import game.saves.store as store_mod  # noqa: E402
from game.saves.codec import PAYLOAD_KEY, dumps, payload_hash, record_to_dict  # noqa: E402
from test_saves_support import play  # noqa: E402

FIXED = "2024-03-01T10:00:00+00:00"


def downgrade_2_to_1(d: dict) -> dict:
    d = {k: v for k, v in d.items() if k not in ("annotations", "fork_of", "game_id", PAYLOAD_KEY)}
    d["format_version"] = 1
    d["moves"] = d.pop("decisions")
    d["turns"] = [{("moves" if k == "decisions" else k): v for k, v in t.items()} for t in d["turns"]]
    d[PAYLOAD_KEY] = payload_hash(d)
    return d


def main() -> None:
    record_mod.now_utc = store_mod.now_utc = lambda: FIXED
    finished = play(seed=1, player="Fixture player")
    finished.game_id, finished.created, finished.updated = "fixture00001", FIXED, FIXED
    (HERE / "v2-finished.json").write_bytes(dumps(record_to_dict(finished)))
    (HERE / "v1-finished.json").write_bytes(dumps(downgrade_2_to_1(record_to_dict(finished))))
    mid = play(seed=2, player="Fixture player", upto_turn=3)
    mid.game_id, mid.created, mid.updated = "fixture00002", FIXED, FIXED
    mid.annotate(1, "Why abstain here? Compare with 8 April 2019.")
    (HERE / "v2-midgame.json").write_bytes(dumps(record_to_dict(mid)))
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("v*.json"))))


if __name__ == "__main__":
    main()
