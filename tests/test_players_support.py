"""Purpose-made small scenarios for the players and the play-test (no tests here).

Each is six turns with one fixed decision card a turn and a single scored meter, `leverage` (start 40),
so that what a player should do can be worked out by hand.
"""

from __future__ import annotations

from game.engine import compile_rules
from game.model.content import Scenario

TURNS = 6


def _scenario(cards: list[dict], endings: list[dict], start: int = 40, turns: int = TURNS,
              score: dict | None = None, meters: list[dict] | None = None) -> dict:
    return {
        "kind": "scenario", "id": "players-test", "title": "Players test", "summary": "s.",
        "start": "2019-04-04", "turn_days": 7, "turns": turns, "draws_per_turn": 0, "briefing": "b.",
        "meters": meters or [{"id": "leverage", "name": "Leverage", "description": "d", "start": start}],
        "actors": [{"id": "lna", "name": "LNA"}],
        "places": [{"id": "tripoli", "name": "Tripoli", "x": 1, "y": 1, "holder": "lna"}],
        "endings": endings,
        "score": score or {"leverage": 1.0},
        "cards": cards,
    }


def build(d: dict):
    return compile_rules(Scenario.model_validate(d), content_hash="players-test")


def turn_card(turn: int, options: list[dict], ident: str | None = None) -> dict:
    return {"id": ident or f"c{turn}", "title": f"Card {turn}", "text": "t", "draw": "fixed",
            "turns": {"from": turn, "to": turn}, "options": options}


def gain(ident: str, amount: int, **extra) -> dict:
    return {"id": ident, "label": ident, "effects": [{"meter": "leverage", "add": amount}], **extra}


def ladder(*tiers: tuple[str, int, int]) -> list[dict]:
    """Final endings by leverage gained over the start of 40: (id, gain at least, bonus), best first; the
    last tier is the fallback."""
    out = [{"id": e, "title": e.title(), "text": "t", "score": bonus,
            "when": {"meter": "leverage", "gte": 40 + at_least}} for e, at_least, bonus in tiers[:-1]]
    e, _, bonus = tiers[-1]
    return out + [{"id": e, "title": e.title(), "text": "t", "score": bonus}]


def invest() -> dict:
    """Costs 1 now, pays 10 two turns later (at the end of turn + 2)."""
    return {"id": "invest", "label": "Invest", "effects": [
        {"meter": "leverage", "add": -1},
        {"after": 2, "label": "returns", "effects": [{"meter": "leverage", "add": 10}]}]}


def balanced() -> dict:
    """Built to pass every play-test target. Each turn: `cash` +4 now, or `invest` -1 now and +10 two
    turns later; the strong option alternates position. Greedy always cashes (+24: 'poor'); the worst
    one step ahead always invests (+34: 'good'); always option 1 or always the last gains +29 ('fair');
    investing in turns 1-4 and cashing in 5-6 gains +44 ('triumph'), which only planning finds. Random
    play: triumph 7/64, good 15/64, fair 20/64, poor 22/64."""
    cards = []
    for t in range(1, TURNS + 1):
        options = [gain("cash", 4), invest()]
        cards.append(turn_card(t, options if t % 2 else options[::-1]))
    return _scenario(cards, ladder(("triumph", 38, 20), ("good", 34, 10), ("fair", 29, 5), ("poor", 0, 0)))


def coin_flip() -> dict:
    """One card on turn 1: `bet` wins 30 or loses 28 on a 50% roll (expected +1), `pass` gains nothing.
    A planner that knew the roll would bet only when it wins."""
    bet = {"id": "bet", "label": "Bet", "effects": [
        {"chance": 50, "label": "coin", "then": [{"meter": "leverage", "add": 30}],
         "else": [{"meter": "leverage", "add": -28}]}]}
    cards = [turn_card(1, [bet, gain("pass", 0)])]
    return _scenario(cards, ladder(("won", 20, 10), ("lost", 0, 0)), turns=2)


def one_card(options: list[dict]) -> dict:
    """One decision on turn 1, then nothing."""
    return _scenario([turn_card(1, options)], ladder(("high", 10, 10), ("low", 0, 0)), turns=1,
                     score={"leverage": 1.0, "cost": -0.5},
                     meters=[{"id": "leverage", "name": "Leverage", "description": "d", "start": 40},
                             {"id": "cost", "name": "Cost", "description": "d", "start": 10, "good": "low"}])


def plain(good_first: bool = False, start: int = 40, last_card_turn: int = TURNS,
          dominated: bool = False) -> dict:
    """Each turn up to `last_card_turn`: `good` +6 now, or `bad` -2 now (both immediate): greedy, always
    the good option, gains +36 and reaches 'triumph' (at +30); with `good_first` the good option is always
    option 1; `dominated` adds a third option `timid`, +1, that `good` beats on every count."""
    cards = []
    for t in range(1, last_card_turn + 1):
        options = [gain("good", 6), gain("bad", -2)] + ([gain("timid", 1)] if dominated else [])
        cards.append(turn_card(t, options if good_first or t % 2 else options[::-1]))
    return _scenario(cards, ladder(("triumph", 30, 20), ("middle", 12, 5), ("poor", 0, 0)), start=start)
