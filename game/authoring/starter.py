"""The starter files instructors begin from, commented and valid as they are: the deck `wargame new-deck`
writes (one card of each kind), and the class pack `wargame new-class` writes.

The texts are the templates `starter-deck.yaml.tmpl` and `starter-class.yaml.tmpl` beside this module
(shipped inside the package), with `${name}` filled in here. Everything the deck names (meters, actors, a
place, the facts it cites, with what they say) is taken from the scenario it extends, so the file validates
before the instructor has changed a line; the comments say what to change and how to check it. Trailing
comments marked ` #~ ` in the templates are lined up once they are filled in.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template

from game.model import content as m

SCHEMA_FILE = "wargame.schema.json"
TEMPLATE = "starter-deck.yaml.tmpl"
CLASS_TEMPLATE = "starter-class.yaml.tmpl"
_ID = re.compile(m.ID_PATTERN)


def deck_id_for(path: Path) -> str:
    """A valid id from the file name: 'My Deck (v2).yaml' -> 'my-deck-v2'."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-_")[:64].strip("-_")
    return slug if slug and _ID.match(slug) else "my-deck"


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str, limit: int = 150) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def _align(text: str, column: int = 36) -> str:
    """Line up the trailing comments marked ' #~ ' in the template."""
    out = []
    for line in text.split("\n"):
        if " #~ " in line:
            left, _, note = line.partition(" #~ ")
            line = f"{left.ljust(column - 1)} # {note}"
        out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=2)
def _template(name: str = TEMPLATE) -> Template:
    return Template(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def _free(ident: str, taken: set[str]) -> str:
    if ident not in taken:
        return ident
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}"


def starter_text(resolved, path: Path) -> str:
    """The starter deck for `resolved` (the scenario it extends), to be written at `path`."""
    sc: m.Scenario = resolved.scenario
    rules = resolved.rules
    deck_id = deck_id_for(path)
    title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My deck"
    taken = {c.id for c in sc.cards}
    event_id = _free("starter-event", taken)
    decision_id = _free("starter-decision", taken)
    follow_id = _free("starter-follow-up", taken)

    # meters: the two that weigh most in the score, and one where low is good (a cost) when there is one
    weights = sorted(sc.meters, key=lambda mt: -abs(sc.score.get(mt.id, 0)))
    up = weights[0]
    other = weights[1] if len(weights) > 1 else weights[0]
    low = next((mt for mt in sc.meters if mt.good == "low" and mt.id not in (up.id, other.id)), other)
    # facts the scenario's own cards cite, with what they say (in comments)
    # dated facts inside the span first (they read like the scenario), then the others
    span = (sc.start, rules.end.isoformat())
    facts = sorted(resolved.facts.values(),
                   key=lambda f: (not (f.date and span[0][:len(f.date)] <= f.date <= span[1][:len(f.date)]),
                                  f.date is None, f.date or "", f.id))
    picked = facts[:3]
    fact_ids = [f.id for f in picked]
    fact_notes = "\n".join(f"#   {f.id}: {_one_line(f.summary, 110)}" for f in picked)
    actors = [a.id for a in sc.actors if a.id != sc.player][:2]
    place = sc.places[0].id if sc.places else None
    turns = sc.turns
    event_date = rules.turn_date(min(2, turns)).isoformat()
    last_decision_turn = max(1, turns - 1)
    in_turns = 1 if turns > 1 else 0

    place_line = f"    place: {place} #~ where it happens (a place id of the scenario)\n" if place else ""

    return _align(_template().substitute(
        schema_file=SCHEMA_FILE,
        scenario_id=sc.id,
        scenario_title=_one_line(sc.title, 80),
        file_name=path.name,
        fact_notes=fact_notes or "#   (this scenario cites no facts)",
        deck_id=deck_id,
        title=_q(title),
        event_id=event_id,
        decision_id=decision_id,
        follow_id=follow_id,
        event_date=event_date,
        facts=f"[{', '.join(fact_ids)}]",
        actors=f"[{', '.join(actors)}]",
        place_line=place_line,
        main_meter=up.id,
        second_meter=other.id,
        cost_meter=low.id,
        last_decision_turn=last_decision_turn,
        in_turns=in_turns,
    ))


def _reference(value, folder: Path) -> str:
    """How the pack names a scenario or deck: an id as it is, a file relative to the pack's folder."""
    text = str(value)
    if not (isinstance(value, Path) or text.endswith((".yaml", ".yml")) or "/" in text or os.sep in text):
        return text
    return Path(os.path.relpath(Path(text).resolve(), folder.resolve())).as_posix()


def class_starter_text(resolved, path: Path, scenario, decks=()) -> str:
    """The starter class pack, to be written at `path`, for `scenario` with `decks` (ids or files, as the
    instructor named them: files are written relative to the pack's folder); `resolved` is their content."""
    sc: m.Scenario = resolved.scenario
    folder = path.parent if str(path.parent) else Path(".")
    class_id = deck_id_for(path) if deck_id_for(path) != "my-deck" else "my-class"
    title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My class"
    refs = [_reference(d, folder) for d in decks]
    return _align(_template(CLASS_TEMPLATE).substitute(
        schema_file=SCHEMA_FILE,
        scenario_id=sc.id,
        scenario_title=_one_line(sc.title, 80),
        file_name=path.name,
        saves_hint=f"{class_id}-saves/",
        class_id=class_id,
        title=_q(title),
        scenario_ref=_q(_reference(scenario, folder)),
        decks="[" + ", ".join(_q(r) for r in refs) + "]",
        example_seed=1234,
        short_turns=max(1, sc.turns * 2 // 3),
        turns=sc.turns,
        saves=_q(f"{class_id}-saves"),
    ))
