"""Regenerate the fixture saves of this folder (run from the repository root):

    python tests/data/saves/make_fixtures.py

v3-*.json are current-format saves; v2-*.json are the same games written in format 2 (events stored as the
engine's positional tuples), and v1-finished.json is the finished game written in format 1 (the decision
log was called `moves`; no annotations, forks or game id). Regenerate them only when the embedded
content's shape changes (the content loader's `embedded`), never to paper over a migration bug: they stand
for files players already have (regenerating must leave the v1 and v2 files byte for byte as they are).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE.parent.parent.parent))

import game.saves.record as record_mod  # noqa: E402
import game.saves.store as store_mod  # noqa: E402
from game.model.events import from_json  # noqa: E402
from game.saves.codec import PAYLOAD_KEY, dumps, payload_hash, record_to_dict  # noqa: E402
from test_saves_support import as_lists, play, raw_event  # noqa: E402

FIXED = "2024-03-01T10:00:00+00:00"


def downgrade_3_to_2(d: dict) -> dict:
    d = {k: v for k, v in d.items() if k != PAYLOAD_KEY}
    d["format_version"] = 2
    d["turns"] = [dict(t, events=[as_lists(raw_event(from_json(e))) for e in t["events"]]) for t in d["turns"]]
    d[PAYLOAD_KEY] = payload_hash(d)
    return d


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
    v3 = record_to_dict(finished)
    (HERE / "v3-finished.json").write_bytes(dumps(v3))
    (HERE / "v2-finished.json").write_bytes(dumps(downgrade_3_to_2(v3)))
    (HERE / "v1-finished.json").write_bytes(dumps(downgrade_2_to_1(downgrade_3_to_2(v3))))
    mid = play(seed=2, player="Fixture player", upto_turn=3)
    mid.game_id, mid.created, mid.updated = "fixture00002", FIXED, FIXED
    mid.annotate(1, "Why abstain here? Compare with 8 April 2019.")
    v3 = record_to_dict(mid)
    (HERE / "v3-midgame.json").write_bytes(dumps(v3))
    (HERE / "v2-midgame.json").write_bytes(dumps(downgrade_3_to_2(v3)))
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("v*.json"))))


if __name__ == "__main__":
    main()
