"""Make an example class folder: the saves a class leaves after a session under a class pack, and its debrief.

    python scripts/make_class_folder.py [FOLDER] [--class PACK] [--report FILE]

Five students (names in several scripts, as a real class has) play the pack headless, each under their
own name, with the seed the pack gives them; their games are autosaved every turn, as the game does, and
most name a save at the end. One student stops halfway; one also plays a what-if from turn 3 (a fork, as
the replay viewer's `f` makes); one file is damaged in transit. Then `wargame debrief FOLDER` turns the
folder into the class report (by default FOLDER/class-debrief.md; the suffix picks the format).

The students are the headless players of game.engine.policies: `historical` (what Moscow did, where the
documents record it) and `random`. docs/classroom.md shows the report this writes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from game.cli import main as wargame  # noqa: E402
from game.content import load_class  # noqa: E402
from game.engine.policies import POLICIES, policy_rng  # noqa: E402
from game.model.classroom import seed_for  # noqa: E402
from game.saves import GameRecord, autosave, fork, save_game  # noqa: E402

# name, headless player, turns played (None: to the end), names a save at the end, forks a what-if at turn
STUDENTS = (
    ("Ana María Ortega", "historical", None, True, None),
    ("Boris Ivanov", "random", None, True, 3),
    ("Chen Wei 陈伟", "random", None, False, None),
    ("Dalia Haddad دالية", "historical", None, True, None),
    ("Émile Laurent", "random", 6, True, None),
)


def play(setup, name: str, policy: str, turns: int | None, folder: Path) -> GameRecord:
    seed = seed_for(setup.settings, setup.pack.id, name)
    record = GameRecord.start(setup.resolved, seed, player=name, classroom=setup.entry)
    choose, rng = POLICIES[policy], policy_rng(seed)
    while not record.over and (turns is None or record.turn <= turns):
        record.apply(choose(record.state, record.legal_decisions(), rng))
        if record.turn_just_ended:
            autosave(record, folder)  # as the game does at the end of every turn
    return record


def make(folder: Path, pack: str, report: Path | None) -> int:
    setup = load_class(pack)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, policy, turns, named, what_if in STUDENTS:
        record = play(setup, name, policy, turns, folder)
        if named:
            save_game(record, folder)
        if what_if is not None:
            other = fork(record, what_if)
            choose, rng = POLICIES["random"], policy_rng(what_if)
            while not other.over:
                other.apply(choose(other.state, other.legal_decisions(), rng))
            save_game(other, folder, name=f"{name} what-if")
    damaged = sorted(folder.glob("*.json"))[-1]
    (folder / "sent-by-mail.json").write_bytes(damaged.read_bytes()[:2000])  # cut off on the way
    target = report or folder / "class-debrief.md"
    return wargame(["debrief", str(folder), "-o", str(target)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("example-class"),
                        help="where the class's saves go (emptied first; default ./example-class)")
    parser.add_argument("--class", dest="pack", default="tripoli-seminar", help="class pack file or id")
    parser.add_argument("--report", type=Path, help="the debrief's file (default FOLDER/class-debrief.md)")
    args = parser.parse_args(argv)
    code = make(args.folder, args.pack, args.report)
    # the report is written even though the damaged file was left out (exit 1 says so)
    return 0 if code in (0, 1) else code


if __name__ == "__main__":
    sys.exit(main())
