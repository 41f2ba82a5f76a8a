"""What the turn screen offers: the options of the card on the table, as the player sees them.

This module is the TUI's one adapter to the engine for options: the order they are shown in, what each one
shows in a line (its effects, in the engine's words), its cost, and whether it can be taken now (with the
reason in words when it cannot). Every screen that lists options goes through `offered_options`, so that
the engine's functions for costs, a scenario's display setting (exact numbers, estimates, or nothing) and
the neutral option order are wired here and nowhere else.

Today: the order is `legal_decisions`' (the options open now, in the engine's order), then the options
whose condition does not hold, in the card's order; what an option does is `explain.option_summary` (in
the details panel) and `explain.option_line`, the same in the meters' short names (its line); its cost
is the content's `cost` where it has one; an option that is not open says why from its `when` condition.
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
    from game.engine.explain import condition_text, option_line, option_summary

    state = record.state
    card_id = state.current_card
    if card_id is None:
        return []
    card = next((c for c in record.scenario.cards if c.id == card_id), None)
    if card is None or not card.options:
        return []
    rules = record.rules
    legal = [d.option for d in record.legal_decisions() if d.card == card_id and d.option is not None]
    if not legal:  # every option conditioned away: the card is answered without a choice (Enter)
        return []
    by_id = {o.id: o for o in card.options}
    order = legal + [o.id for o in card.options if o.id not in legal]
    out = []
    for number, oid in enumerate(order, 1):
        o = by_id[oid]
        available = oid in legal
        why = "" if available or o.when is None else condition_text(rules, o.when)
        out.append(OfferedOption(
            number=number, id=o.id, label=o.label, available=available, why_not=why,
            irreversible=bool(o.irreversible), summary=option_summary(rules, card_id, o.id),
            line=option_line(rules, card_id, o.id),
            cost=getattr(o, "cost", None), description=" ".join((o.description or "").split()),
            advisers=tuple(o.advisers),
        ))
    return out
