"""The starter deck `wargame new-deck` writes: commented, one card of each kind, valid as it is.

Everything it names (meters, actors, a place, facts) is taken from the scenario it extends, so the file
validates before the instructor has changed a line; the comments say what to change and how to check it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from game.model import content as m

SCHEMA_FILE = "wargame.schema.json"
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
    after = 1

    facts_line = f"[{', '.join(fact_ids)}]" if fact_ids else "[]"
    actors_line = f"[{', '.join(actors)}]" if actors else "[]"
    place_line = f"    place: {place} #~ where it happens (a place id of the scenario)\n" if place else ""

    return _align(f"""# yaml-language-server: $schema={SCHEMA_FILE}
# The line above lets editors that use yaml-language-server (VS Code with the YAML extension, Neovim,
# Helix, ...) check this file as you type. Save the schema next to this file once:
#     wargame schema -o {SCHEMA_FILE}
#
# A starter deck for the scenario {sc.id}, "{_one_line(sc.title, 80)}",
# written by `wargame new-deck`.
# It is valid as it is: change it a little at a time and check it after each change.
#     wargame validate {path.name}          every problem, as file:line:col, with a hint
#     wargame check {path.name}             plays many games: what is never drawn, never reached
#     wargame play --scenario {sc.id} --deck {path.name}
#                                           play it
# The authoring guide (docs/authoring.md) explains every key used here, and the others.
#
# Facts first: every card cites fact ids from the fact base (seeds/*.yaml), or facts you add below under
# `facts:`. The cards below cite facts this scenario already uses:
{fact_notes or "#   (this scenario cites no facts)"}
# Cards that are not documented history say so with `hypothetical: true` (the game labels them) and with
# "What-if:" in their text. What Moscow did goes in a graded `history` record (docs/authoring.md, section 6).

kind: deck
id: {deck_id} #~ lowercase letters, digits, '-' or '_'; unique among decks
title: {_q(title)}
extends: {sc.id} #~ the scenario this deck changes; play it with that scenario
author: "Your name"
description: >-
  What this deck is for, in a sentence or two (shown when a player picks the deck).

cards:
  # ---------------------------------------------------------------- an event card: no options
  - id: {event_id}
    title: "An event happens"
    date: "{event_date}" #~ the date shown on the card; it is drawn from that date's turn on
    hypothetical: true #~ not documented history: say so (remove once it cites what happened)
    facts: {facts_line}
    actors: {actors_line}
{place_line}    weight: 2 #~ random draws pick heavier cards more often (default 1)
    text: |
      Say what happens, in a few sentences, and why it matters to Moscow. What-if: say what the sources
      record, and that they do not record this.
    effects:
      - {{meter: {other.id}, add: 3, why: "shown in the log beside the change"}}

  # ---------------------------------------------------------------- a decision card: two or more options
  - id: {decision_id}
    title: "A decision for Moscow"
    turns: {{from: 1, to: {last_decision_turn}}} #~ turns in which it may be drawn
    hypothetical: true
    facts: {facts_line}
    text: |
      Set out the choice in a few sentences. What-if: say what the sources record, and what they do not.
    history:
      record: not-recorded #~ or documented (with facts: [...]) or inferred (with how: ...)
      text: What Moscow did, or that the documents do not record it.
    options:
      - id: cautious
        label: "The cautious line"
        historical: false #~ true on the option Moscow took, when the record is documented or inferred
        description: "One sentence on what this means."
        advisers:
          - who: "Foreign Ministry, Middle East desk"
            says: "An adviser's argument for or against."
        effects:
          - {{meter: {up.id}, add: 2}}
          - chance: 40 #~ percent; `then` on success, `else` otherwise (both optional)
            label: "the other side takes it well"
            then:
              - {{meter: {up.id}, add: 3}}
            else:
              - {{meter: {other.id}, add: -2}}
      - id: bold
        label: "The bold line"
        effects:
          - {{meter: {up.id}, add: 6}}
          - {{meter: {low.id}, add: 4}}
          - after: {after} #~ a delayed effect: it happens at the end of next turn
            label: "the bill arrives"
            effects:
              - {{meter: {low.id}, add: 3}}
      - id: wait
        label: "Wait and see"
        effects:
          - {{meter: {up.id}, add: -2}}
          - {{follow_up: {follow_id}, in_turns: {in_turns}}} #~ queues the follow-up card below

  # ---------------------------------------------------------------- a follow-up: drawn only when queued
  - id: {follow_id}
    title: "What waiting brought"
    draw: follow_up
    hypothetical: true
    facts: {facts_line}
    text: |
      The consequence of waiting. What-if: not in the documents.
    effects:
      - {{meter: {other.id}, add: -3}}

# More you can do (uncomment and adapt; see docs/authoring.md):
# replace:                         # swap a card of {sc.id} for your version (same id, whole card)
#   - id: <a card id of {sc.id}>
#     ...
# remove: [<card id>, ...]         # drop cards of {sc.id} (nothing may still refer to them)
# meters:                          # new meters (change them with effects, or they stay put)
#   - {{id: my-meter, name: "My meter", description: "What it measures", start: 50}}
# endings:                         # new endings, checked before the scenario's fallback ending
#   - id: my-ending
#     title: "How it ends"
#     text: "What the player reads."
#     when: {{meter: {up.id}, gte: 80}}
# sources:                         # a source of your own, for your own facts
#   - {{id: my-source, title: "Title of the document", author: "Author", published: "2019-04"}}
# facts:                           # facts of your own, in your words, with where they stand in the source
#   - id: my-fact
#     date: "2019-04-10"
#     summary: "What the source says, in your own words."
#     source: my-source
#     paragraph: 3
""")
