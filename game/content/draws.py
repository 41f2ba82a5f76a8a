"""How often a deck's randomly drawn cards come up, and a warning for those the scenario's draw weights
leave rare.

    warnings = rare_draws(resolved)        # list[Problem], severity "warning", for the decks' cards only

Each turn the engine draws `draws_per_turn` cards, without replacement, with odds proportional to the
weights of the random cards whose turn window is open (game.engine.core); a card drawn once leaves the pool
unless it is repeatable, and a card whose `when` does not hold is set aside and the draw repeats. A deck's
card (without a `when` of its own: then its rarity is the condition's doing, not the weights') can thus be
drawn in few games when the scenario's random cards outweigh it.

`draw_odds` follows the weights turn by turn in expectation, ignoring conditions: cheap, and it picks the
cards worth a closer look. Those are then measured in `GAMES` games of the engine's own headless loop with
the random player (the same seeds every time, so the warning repeats). `wargame check` measures every card
the same way, over more games.
"""

from __future__ import annotations

import math
from datetime import date

from game.content.problems import Problem
from game.engine.rules import card_window
from game.model import content as m

RARE = 0.25  # a deck's random card drawn in fewer games than this is worth a warning
TARGET = 0.5  # the share a suggested weight aims at
GAMES = 200  # games played to measure the shares of the cards worth a closer look
SUGGEST = 5  # at most this many warnings measure the weight they suggest (each a few batches of games)
SUGGEST_TRIES = 4
MAX_WEIGHT = 1000.0  # a card's largest weight (game.model.content.Card)


def draw_odds(sc: m.Scenario) -> dict[str, float]:
    """Card id -> the estimated share of games in which it is drawn at random (random cards only), from the
    weights alone."""
    start = date.fromisoformat(sc.start)
    cards = [c for c in sc.cards if c.draw == "random"]
    never = {c.id: 1.0 for c in cards}  # the chance it has not been drawn yet (and so, unless it is
    draws = sc.draws_per_turn           # repeatable, that it is still in the pool)
    if not draws:
        return {cid: 0.0 for cid in never}
    weight = {c.id: c.weight for c in cards}
    by_turn: dict[int, list[m.Card]] = {}
    for c in cards:
        first, last = card_window(c, start, sc.turn_days, sc.turns)
        for turn in range(first, last + 1):
            by_turn.setdefault(turn, []).append(c)
    for turn in range(1, sc.turns + 1):
        pool = by_turn.get(turn, [])
        total = sum(weight[c.id] * (1.0 if c.repeatable else never[c.id]) for c in pool)
        if total <= 0:
            continue
        for c in pool:
            # drawn this turn when in the pool: `draws` picks among the pool's expected weight
            never[c.id] *= 1 - min(1.0, draws * weight[c.id] / total)
    return {cid: 1 - n for cid, n in never.items()}


def draw_shares(rules, games: int = GAMES) -> dict[str, float]:
    """Card id -> the share of `games` random games (seeds 0, 1, ...) in which it was drawn."""
    from game.engine.play import play_game

    counts: dict[str, int] = {}
    for seed in range(games):
        for cid in play_game(rules, seed).drawn:
            counts[cid] = counts.get(cid, 0) + 1
    return {cid: n / games for cid, n in counts.items()}


# content hash -> shares: the same stack is often checked twice in a run (a deck, then the class pack
# that stacks it), and the games are the slow part
_shares: dict[str, dict[str, float]] = {}


def _measured(resolved) -> dict[str, float]:
    key = resolved.content_hash
    if key not in _shares:
        if len(_shares) > 16:
            _shares.clear()
        _shares[key] = draw_shares(resolved.rules)
    return _shares[key]


def _next_weight(weight: float, share: float, target: float = TARGET) -> float:
    """From a card's share at `weight`, the weight that would draw it in about `target` of games if its
    chance to stay undrawn fell geometrically with its weight (a lower bound: a heavier card also weighs more
    in the pool it is drawn from)."""
    share = min(max(share, 1 / GAMES), target)
    return min(MAX_WEIGHT, weight * math.log(1 - target) / math.log(1 - share))


def suggested_weight(sc: m.Scenario, card: m.Card, share: float, target: float = TARGET) -> tuple[float, bool]:
    """(weight, reached): a weight that draws `card` in at least `target` of games, measured, and whether a
    measurement confirmed it within a few tries (else the last bound, which is at least needed)."""
    from game.engine import compile_rules

    weight = _next_weight(card.weight, share, target)
    for _ in range(SUGGEST_TRIES):
        heavier = sc.model_copy(update={"cards": [c.model_copy(update={"weight": weight}) if c.id == card.id else c
                                                  for c in sc.cards]})
        share = draw_shares(compile_rules(heavier)).get(card.id, 0.0)
        if share >= target or weight >= MAX_WEIGHT:
            return weight, share >= target
        weight = _next_weight(weight, share, target)
    return weight, False


def _nice(weight: float) -> str:
    """A weight as an author would write it, rounded up (never below what was measured)."""
    return f"{math.ceil(weight):d}" if weight >= 3 else f"{math.ceil(weight * 10) / 10:g}"


def rare_draws(resolved) -> list[Problem]:
    """Warnings for the random cards without a `when` that the decks bring (added or replaced) and that are
    drawn in fewer than RARE of games, each with the weight that would draw it in about half of them."""
    from game.content.lint import Places  # where each card is written (the last file that brought it)

    sc: m.Scenario = resolved.scenario
    places = Places(getattr(resolved, "paths", None) or [], sc.id)
    start = date.fromisoformat(sc.start)
    candidates = []
    for card in sc.cards:
        where = places.cards.get(card.id)
        if where is None or not isinstance(where[0].raw, dict) or where[0].raw.get("kind") != "deck":
            continue
        first, last = card_window(card, start, sc.turn_days, sc.turns)
        if card.draw == "random" and card.when is None and first <= last:
            candidates.append((card, where, first, last))
    if not candidates or not sc.draws_per_turn:
        return []  # (no random draws at all: the dead-content warnings say so)
    odds = draw_odds(sc)
    suspects = [c for c in candidates if odds.get(c[0].id, 1.0) < 2 * RARE]
    if not suspects:
        return []
    shares = _measured(resolved)
    out: list[Problem] = []
    for card, (doc, path), first, last in suspects:
        share = shares.get(card.id, 0.0)
        if share >= RARE:
            continue
        span = f"turn {first}" if first == last else f"turns {first}-{last}"
        if len(out) < SUGGEST:
            weight, reached = suggested_weight(sc, card, share)
            raise_it = (f"raise its `weight` (to {_nice(weight)}: about half the games)" if reached
                        else f"raise its `weight` (to more than {_nice(weight)} for half the games)")
        else:
            raise_it = "raise its `weight`"
        out.append(places.problem(
            places.cards, card.id, ("weight",) if "weight" in _node(doc.raw, path) else ("id",),
            f"card '{card.id}' is drawn in only {share:.0%} of random games: its weight {card.weight:g} is small "
            f"beside the scenario's other random cards of {span} ({sc.draws_per_turn} drawn a turn); {raise_it}, "
            "widen its `turns`, or make it `draw: fixed`", card.id))
    return out


def _node(raw, path: tuple) -> dict:
    for key in path:
        raw = raw[key]
    return raw if isinstance(raw, dict) else {}
