"""What the turn screen offers: the options of the card on the table, as the player sees them.

This module is the TUI's one adapter to the engine for options: the order they are shown in, what each one
shows in a line (its effects, in the engine's words), its cost, and whether it can be taken now (with the
reason in words when it cannot). Every screen that lists options goes through `offered_options`, so that
the engine's functions for costs, a scenario's display setting (exact numbers, estimates, or nothing) and
the neutral option order are wired here and nowhere else.

The options come from `explain.offered` (the engine's order, fixed by the game's seed; each option's cost
now, whether it can be taken, and why not in words) under the display setting that applies: a class
pack's (`record.display`), else the scenario's. What an option shows (`explain.option_view`: exact
numbers, estimates, or nothing but its cost and advisers) goes to the details panel, and the same in the
meters' short names to its one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OfferedOption:
    """An option of the card on the table, as the player sees it."""

    number: int  # the key that chooses it (1-9), its place in the order shown
    id: str
    label: str
    available: bool  # False: shown, but it cannot be taken now
    why_not: str = ""  # why it cannot be taken, in words
    irreversible: bool = False  # choosing it asks for a confirmation first
    summary: tuple = field(default=(), compare=False)  # what it does: explain.Part(text, tone) pieces
    line: tuple = field(default=(), compare=False)  # the same in short words, for its one line
    cost: int | None = None  # what it spends from the scenario's budget, if anything
    description: str = field(default="", compare=False)
    advisers: tuple = field(default=(), compare=False)  # content Adviser models (who, says)


def budget_meter(scenario) -> str | None:
    """The id of the meter the scenario's options spend (its `budget`), if it names one."""
    return getattr(scenario, "budget", None)


def offered_options(record) -> list[OfferedOption]:
    """The options of the card at the head of the turn, in the order to show them (empty: nothing to choose,
    an event card, a quiet turn, or the game is over)."""
    from game.engine.explain import offered, option_view

    state = record.state
    card_id = state.current_card
    if card_id is None:
        return []
    card = next((c for c in record.scenario.cards if c.id == card_id), None)
    if card is None or not card.options:
        return []
    offers = offered(state, record.display)
    if not any(o.available for o in offers):  # nothing can be taken: the card is answered without a choice
        return []
    rules = record.rules
    by_id = {o.id: o for o in card.options}
    out = []
    for number, offer in enumerate(offers, 1):
        o = by_id[offer.option]
        # the cost has its own place on the option's line; what follows is what the display setting shows
        line = option_view(rules, card_id, o.id, record.display, state, short=True)
        out.append(OfferedOption(
            number=number, id=o.id, label=o.label, available=offer.available, why_not=offer.reason,
            irreversible=bool(o.irreversible), summary=_without_cost(offer.parts), line=_without_cost(line),
            cost=offer.cost or None, description=" ".join((o.description or "").split()),
            advisers=tuple(o.advisers),
        ))
    return out


def _without_cost(parts) -> tuple:
    return tuple(p for p in parts if p.tone != "cost")
