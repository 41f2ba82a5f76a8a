"""The debrief as Markdown (for a course page or a shared document)."""

from __future__ import annotations

from game.debrief.charts import sparkline
from game.debrief.schema import ClassReport, DecisionValue, GameReport, Report
from game.debrief.whatif import (
    best_ending_title, choice_sentence, class_method, decision_values, ending_mix, method,
)
from game.engine.explain import HOW_DRAWN


def _esc(s) -> str:
    """Text safe inside a Markdown table cell or paragraph."""
    text = "" if s is None else str(s)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    for ch in "*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].replace("`", "'")


def _table(headers: list[str], rows: list[list], align: list[str] | None = None) -> list[str]:
    align = align or ["left"] * len(headers)
    sep = ["---:" if a == "right" else "---" for a in align]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep) + " |"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return out


def _game(g: GameReport, lines: list[str], level: int = 2, timeline: bool = True) -> None:
    h = "#" * level
    lines.append(f"{h} {_esc(g.scenario_title)} — {_esc(g.label)}")
    lines.append("")
    if not g.verified:
        lines.append(f"> **Not verified.** Told from the log the save recorded, which does not replay: "
                     f"{_esc(g.verify_note)}")
        lines.append("")
    status = f"over after turn {g.turn}" if g.over else f"in progress, turn {g.turn}"
    facts = [f"**Scenario:** {_esc(g.scenario_title)} (`{g.scenario_id}`)", f"**{g.who}:** {_esc(g.player or '—')}"]
    if g.classroom is not None:
        facts.append(f"**Class:** {_esc(g.classroom.title)} (`{g.classroom.id}`): "
                     + _esc("; ".join(g.classroom.settings)))
    if g.file:
        facts.append(f"**Save:** `{g.file}`")
    if g.deck_ids:
        facts.append(f"**Decks:** {_esc(', '.join(g.deck_ids))}")
    facts += [f"**Seed:** {g.seed}", f"**Game:** {status} ({g.turns_completed} turns completed)",
              f"**Played:** {g.created} → {g.updated}"]
    if g.agreement.sentence():
        facts.append(f"**Like Moscow:** {_esc(g.agreement.sentence())}")
    if g.fork_of:
        facts.append(f"**Fork of:** {_esc(g.fork_of.get('file') or g.fork_of.get('game_id'))} from turn "
                     f"{g.fork_of.get('turn')}")
    lines.extend(f"- {f}" for f in facts)
    lines.append("")
    lines.append(f"{h}# Meters over time")
    lines.append("")
    lines.append("```text")
    width = max(len(m.name) for m in g.meters) if g.meters else 5
    for m in g.meters:
        vals = g.series.get(m.id, [])
        lines.append(f"{m.name:<{width}}  {sparkline(vals, m.min, m.max, 60)}  {m.start} → {m.end}")
    lines.append("```")
    lines.append("")
    lines.append(f"{h}# Ending")
    lines.append("")
    if g.ending is None:
        lines.append(f"_The game is not over (turn {g.turn})._")
    else:
        e = g.ending
        lines.append(f"**{_esc(e.title)}** — {_esc(e.text)}")
        lines.append("")
        rows = [[_esc(label), f"{pts:+g}"] for label, pts in e.breakdown] + [["**Total**", f"**{e.score:g}**"]]
        lines.extend(_table(["Score", "Points"], rows, ["left", "right"]))
    lines.append("")
    if g.what_if is not None:
        _turning_points(g, lines, h)
    if not timeline:
        return
    lines.append(f"{h}# Timeline")
    lines.append("")
    names = {m.id: m.name for m in g.meters}
    for tr in g.timeline:
        lines.append(f"{h}## Turn {tr.turn} — {tr.date}" + (" (in progress)" if tr.in_progress else ""))
        lines.append("")
        for c in tr.cards:
            hyp = " _(hypothetical)_" if c.hypothetical else ""
            date = f" ({c.date})" if c.date else ""
            lines.append(f"- {HOW_DRAWN.get(c.how, 'Event')}: **{_esc(c.title)}**{date}{hyp}")
            for f in c.facts:
                lines.append(f"  - {_esc(f.shown)}{' (' + f.date + ')' if f.date else ''}: {_esc(f.summary)}")
        if tr.cards:
            lines.append("")
        if tr.decisions:
            valued = decision_values(g)
            rows = []
            for d in tr.decisions:
                mark = "" if d.matches is None else (" ✓" if d.matches else " ✗")
                value, rank = valued.get(d.index, (None, None)) if valued is not None else (None, None)
                title = _esc(d.card_title) + (f" **⚑ turning point {rank}**" if rank is not None else "")
                row = [title, _esc(d.chosen_label or "(no choice)") + mark]
                if valued is not None:
                    row.append(_option_values(value))
                rows.append(row + [_esc(d.moscow_text)])
            head = ["Decision", "Your choice"] + (["What-if: estimated score"] if valued is not None else [])
            lines.extend(_table(head + ["What Moscow did"], rows))
            lines.append("")
        for c in tr.consequences:
            lines.append(f"- {_esc(c)}")
        changed = [f"{_esc(names.get(mid, mid))} {tr.meters_before.get(mid)} → {v}"
                   for mid, v in tr.meters_after.items() if tr.meters_before.get(mid) != v]
        if changed:
            lines.append(f"- _Meters:_ {', '.join(changed)}")
        for n in tr.notes:
            lines.append(f"> ✎ {_esc(n.text)} ({n.at})")
        lines.append("")


def _option_values(v: DecisionValue | None) -> str:
    """A decision's options with their estimated mean scores in one cell, the chosen one in bold, the best
    starred."""
    if v is None:
        return "_(no other option)_"
    cells = []
    for o in v.options:
        text = f"{_esc(o.label)}: {o.mean_score:.1f}" + (" ★" if o.best else "")
        cells.append(f"**{text}** (chosen)" if o.chosen else text)
    return "<br>".join(cells)


def _turning_points(g: GameReport, lines: list[str], h: str) -> None:
    w = g.what_if
    lines.append(f"{h}# Turning points")
    lines.append("")
    lines.append(f"_{_esc(method(w.policy, w.rollouts))}_")
    lines.append("")
    if w.note:
        lines.extend([f"> {_esc(w.note)}", ""])
        return
    if not w.decisions:
        lines.extend(["_No decision with two or more options was taken._", ""])
        return
    if not g.turning_points:
        lines.extend(["_No decision moved the estimated outcome beyond the noise._", ""])
        return
    lines.extend([f"Best ending: {_esc(best_ending_title(w))} (the highest bonus).", ""])
    for n, d in enumerate(g.turning_points, 1):
        lines.append(f"{h}## {n}. Turn {d.turn} — {_esc(d.card_title)}")
        lines.append("")
        lines.append(f"- Spread {d.spread:.1f} points (noise {d.noise:.1f}).")
        lines.append(f"- {_esc(choice_sentence(d))}.")
        if d.moscow_text:
            lines.append(f"- What Moscow did: {_esc(d.moscow_text)}")
        lines.append("")
        rows = []
        for o in d.options:
            label = _esc(o.label) + (" **(chosen)**" if o.chosen else "") + (" ★ best" if o.best else "")
            if d.moscow_id is not None and o.id == d.moscow_id:
                label += " _(Moscow)_"
            rows.append([label, f"{o.mean_score:.1f}", f"{o.se:.1f}", f"{o.best_ending_share:.0%}",
                         _esc(ending_mix(o.ending_shares, w.ending_titles))])
        lines.extend(_table(["Option", "Mean score", "±", "Best ending", "Endings"], rows,
                            ["left", "right", "right", "right", "left"]))
        lines.append("")


def _class(c: ClassReport, lines: list[str]) -> None:
    lines.append(f"## {_esc(c.scenario_title)} — {len(c.saves)} games")
    lines.append("")
    if c.classroom is not None:
        lines.append(f"Class pack: **{_esc(c.classroom.title)}** (`{c.classroom.id}`) · "
                     + " · ".join(_esc(x) for x in c.classroom.settings))
        lines.append("")
    rows = []
    for s in c.saves:
        flag = "" if s.verified else " ⚠ _not verified_"
        rows.append([_esc(s.label) + flag, _esc(s.ending_title or "(not finished)"),
                     "" if s.score is None else f"{s.score:g}", s.turns_completed, s.agreement.short(),
                     f"`{s.file}`" if s.file else ""])
    lines.extend(_table([c.who, "Ending", "Score", "Turns", "Like Moscow", "Save"], rows,
                        ["left", "left", "right", "right", "right", "left"]))
    lines.append("")
    st = c.scores
    if st.n:
        lines.append(f"Scores: mean {st.mean:g}, sd {st.sd:g}, min {st.min:g}, max {st.max:g} (n = {st.n}).")
        lines.append("")
    lines.append("### Endings")
    lines.append("")
    lines.extend(_table(["Ending", "Games", "Share"],
                        [[_esc(e.title), e.count, f"{e.share:.0%}"] for e in c.endings], ["left", "right", "right"]))
    lines.append("")
    lines.append("### Decisions beside what Moscow did")
    lines.append("")
    valued = {v.card_id: {o.id: o for o in v.options} for v in c.what_if.cards} if c.what_if is not None else None
    if valued is not None:
        lines.extend([f"_{_esc(class_method(c.what_if))}_", ""])
    for card in c.cards:
        hyp = " _(hypothetical)_" if card.hypothetical else ""
        lines.append(f"**{_esc(card.title)}**{hyp} — from turn {card.first_turn}, answered by {card.answered}")
        lines.append("")
        values = valued.get(card.card_id, {}) if valued is not None else {}
        rows = []
        for o in card.options:
            row = [_esc(o.label) + (f" **← Moscow ({card.moscow_grade})**" if o.historical else ""), o.count]
            if valued is not None:
                v = values.get(o.id)
                row += ([f"{v.mean_score:.1f}", f"{v.behind_best:.1f}", f"{v.best_at}/{v.positions}"]
                        if v is not None and v.positions else ["—", "—", "—"])
            rows.append(row + [_esc(", ".join(o.who))])
        head, align = ["Option", "Chosen"], ["left", "right"]
        if valued is not None:
            head, align = head + ["Est. score", "Behind best", "Best at"], align + ["right"] * 3
        lines.extend(_table(head + ["By"], rows, align + ["left"]))
        if card.moscow_label is None and card.history:
            lines.append("")
            lines.append(f"_Moscow:_ {_esc(card.history)}")
        lines.append("")
    if c.what_if is not None:
        lines.extend(["### Turning points by student", ""])
        for st in c.what_if.turning_points:
            if st.note or not st.turning_points:
                why = st.note or "no decision moved the estimated outcome beyond the noise"
                lines.append(f"- **{_esc(st.label)}**: _{_esc(why)}_")
            for d in st.turning_points:
                lines.append(f"- **{_esc(st.label)}**: turn {d.turn}, {_esc(d.card_title)} — "
                             f"{_esc(choice_sentence(d, ''))} (spread {d.spread:.1f})")
        lines.append("")
    lines.append("### Meter trajectories")
    lines.append("")
    lines.append("```text")
    for m in c.meters:
        width = max([len("mean")] + [len(k) for k in m.per_save])
        lines.append(f"{m.name} ({m.min}–{m.max})")
        lines.append(f"  {'mean':<{width}}  {sparkline(m.mean, m.min, m.max, 60)}")
        for label, vals in m.per_save.items():
            lines.append(f"  {label:<{width}}  {sparkline(vals, m.min, m.max, 60)}  {vals[-1] if vals else ''}")
    lines.append("```")
    lines.append("")
    lines.append("### Outliers")
    lines.append("")
    if c.outliers:
        lines.extend(f"- **{_esc(o.label)}**: {_esc(o.reason)}" for o in c.outliers)
    else:
        lines.append("None stand out.")
    lines.append("")


def render_markdown(report: Report) -> str:
    lines = [f"# {_esc(report.title)}", "", f"_Generated {report.generated}._", ""]
    if report.kind == "game":
        _game(report.games[0], lines)
    else:
        for c in report.classes:
            _class(c, lines)
        for g in report.games:
            _game(g, lines, timeline=False)
    if report.skipped:
        lines.append("## Saves left out")
        lines.append("")
        lines.extend(f"- `{s.file}`: {_esc(s.message)}" for s in report.skipped)
        lines.append("")
    if report.superseded:
        lines.append(f"_{len(report.superseded)} earlier save(s) of these games not counted (the latest save of each "
                     "game stands for it):_ " + ", ".join(f"`{_name(s.file)}`" for s in report.superseded))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
