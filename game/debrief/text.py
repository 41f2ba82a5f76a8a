"""The debrief for terminals (Rich): tables, a sparkline chart of meters over time, the timeline.
Every piece of content goes in as `Text`, never as markup, so a card title with [brackets] prints as is."""

from __future__ import annotations

import io
from pathlib import Path

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from game.debrief.charts import sparkline
from game.debrief.schema import ClassReport, DecisionValue, GameReport, GameWhatIf, Report
from game.debrief.whatif import (
    best_ending_title, choice_sentence, class_method, decision_values, ending_mix, method,
)
from game.engine.explain import HOW_DRAWN

TONE = {"success": "green", "mixed": "yellow", "failure": "red", "none": "dim"}


def _t(s, style: str = "") -> Text:
    return Text("" if s is None else str(s), style=style)


def _delta_style(good: str, delta: int) -> str:
    if delta == 0 or good == "neutral":
        return ""
    return "green" if (delta > 0) == (good == "high") else "red"


def _bar(share: float, width: int = 24) -> str:
    full = share * width
    whole = int(full)
    rest = "▏▎▍▌▋▊▉"[int((full - whole) * 7)] if full - whole >= 1 / 7 and whole < width else ""
    return "█" * whole + rest


def _header(g: GameReport) -> RenderableType:
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    t.add_row("Scenario", _t(f"{g.scenario_title} ({g.scenario_id})"))
    t.add_row(g.who, _t(g.player or "—"))
    if g.classroom is not None:
        t.add_row("Class", _t(f"{g.classroom.title} ({g.classroom.id}): " + "; ".join(g.classroom.settings)))
    if g.file:
        t.add_row("Save", _t(g.file))
    if g.deck_ids:
        t.add_row("Decks", _t(", ".join(g.deck_ids)))
    t.add_row("Seed", _t(g.seed))
    status = f"over after turn {g.turn}" if g.over else f"in progress, turn {g.turn}"
    t.add_row("Game", _t(f"{status} ({g.turns_completed} turns completed)"))
    t.add_row("Played", _t(f"{g.created} → {g.updated}"))
    if g.agreement.sentence():
        t.add_row("Like Moscow", _t(g.agreement.sentence()))
    if g.fork_of:
        f = g.fork_of
        t.add_row("Fork of", _t(f"{f.get('file') or f.get('game_id')} from turn {f.get('turn')}"))
    if not g.verified:
        t.add_row(_t("Not verified", "bold red"), _t(f"told from the recorded log: {g.verify_note}", "red"))
    return Panel(t, title=_t(f"Debrief — {g.label}", "bold"), box=box.ROUNDED, expand=False)


def meters_chart(g: GameReport, width: int = 50) -> Table:
    t = Table(title=_t("Meters over time", "bold"), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("Meter")
    t.add_column(f"turn 0 → {len(next(iter(g.series.values()), [0])) - 1}")
    t.add_column("start → end", justify="right")
    t.add_column("low–high", justify="right")
    for m in g.meters:
        vals = g.series.get(m.id, [])
        delta = m.end - m.start
        sign = "+" if delta >= 0 else ""
        t.add_row(
            _t(m.name),
            _t(sparkline(vals, m.min, m.max, width), "cyan"),
            _t(f"{m.start} → {m.end} ({sign}{delta})", _delta_style(m.good, delta)),
            _t(f"{min(vals)}–{max(vals)}" if vals else ""),
        )
    return t


def _ending(g: GameReport) -> RenderableType:
    e = g.ending
    if e is None:
        return _t(f"The game is not over (turn {g.turn}).", "italic")
    t = Table(box=box.SIMPLE, show_header=False)
    t.add_column()
    t.add_column(justify="right")
    for label, pts in e.breakdown:
        t.add_row(_t(label), _t(f"{pts:+g}"))
    t.add_row(_t("Total", "bold"), _t(f"{e.score:g}", "bold"))
    return Panel(Group(_t(e.text), _t(""), t), title=_t(f"Ending: {e.title}", f"bold {TONE.get(e.tone, '')}"),
                 box=box.ROUNDED, expand=False)


def _bullets(lines: list, bullet: str = "•", style: str = "", indent: int = 2) -> Table:
    """A list whose wrapped lines hang under their first word."""
    t = Table.grid(padding=(0, 1))
    t.add_column(width=indent + len(bullet), justify="right", no_wrap=True)
    t.add_column(ratio=1)
    for line in lines:
        t.add_row(_t(bullet, style or "dim"), line if isinstance(line, Text) else _t(line, style))
    return t


def _sources(c) -> Text | None:
    """The facts a card cites, compactly, as a reader cites them: "Ramani, ¶5 (2019-03)"."""
    if not c.facts:
        return None
    line = Text("sources: ", "dim")
    seen: list[str] = []
    for f in c.facts:
        shown = f.shown + (f" ({f.date})" if f.date else "")
        if shown in seen:
            continue
        if seen:
            line.append("; ", "dim")
        seen.append(shown)
        line.append(shown, "cyan")
    return line


def _turn(g: GameReport, tr) -> list[RenderableType]:
    names = {m.id: m for m in g.meters}
    head = f"Turn {tr.turn} — {tr.date}" + (" (in progress)" if tr.in_progress else "")
    out: list[RenderableType] = [Rule(_t(head, "bold"), align="left")]
    for c in tr.cards:
        line = Text()
        line.append(f"{HOW_DRAWN.get(c.how, 'Event')}: ", "dim")
        line.append(c.title, "bold")
        if c.hypothetical:
            line.append(" [hypothetical]", "magenta")
        if c.date:
            line.append(f" ({c.date})", "dim")
        out.append(line)
        src = _sources(c)
        if src is not None:
            out.append(_bullets([src], bullet=" ", indent=2))
    if tr.decisions:
        valued = decision_values(g)
        t = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
        t.add_column("Decision")
        t.add_column("Your choice")
        if valued is not None:
            t.add_column("What-if: estimated score")
        t.add_column("What Moscow did")
        for d in tr.decisions:
            moscow = d.moscow_text
            mark = "" if d.matches is None else (" ✓" if d.matches else " ✗")
            value, rank = valued.get(d.index, (None, None)) if valued is not None else (None, None)
            title = _t(d.card_title)
            if rank is not None:
                title.append(f"\n⚑ turning point {rank}", "bold magenta")
            row = [title, _t((d.chosen_label or "(no choice)") + mark, "green" if d.matches else "")]
            if valued is not None:
                row.append(_option_values(value))
            t.add_row(*row, _t(moscow, "italic"))
        out.append(t)
    if tr.consequences:
        out.append(_bullets(tr.consequences))
    changed = [(mid, tr.meters_before.get(mid), v) for mid, v in tr.meters_after.items()
               if tr.meters_before.get(mid) != v]
    if changed:
        line = Text()
        for i, (mid, a, b) in enumerate(changed):
            m = names.get(mid)
            if i:
                line.append(", ")
            style = _delta_style(m.good if m else "neutral", (b or 0) - (a or 0))
            line.append(f"{m.name if m else mid} {a} → {b}", style)
        out.append(_bullets([line], bullet="meters:", style="dim"))
    if tr.notes:
        out.append(_bullets([_t(f"{n.text}  ({n.at})", "yellow") for n in tr.notes], bullet="✎", style="yellow"))
    return out


def _option_values(v: DecisionValue | None) -> Text:
    """A decision's options with their estimated mean scores, the chosen one and the best one marked."""
    if v is None:
        return _t("(no other option)", "dim")
    line = Text()
    for i, o in enumerate(v.options):
        if i:
            line.append("\n")
        line.append(f"{o.label}: {o.mean_score:.1f}", "bold" if o.chosen else "")
        if o.chosen:
            line.append(" ◀ chosen", "cyan")
        if o.best:
            line.append(" ★ best", "green")
    return line


def _turning_points(g: GameReport) -> list[RenderableType]:
    w: GameWhatIf = g.what_if
    out: list[RenderableType] = [Rule(_t("Turning points", "bold"), align="left"),
                                 _bullets([_t(method(w.policy, w.rollouts), "dim")], bullet="ⓘ")]
    if w.note:
        return out + [_t(w.note, "red")]
    if not w.decisions:
        return out + [_t("No decision with two or more options was taken.", "italic")]
    if not g.turning_points:
        out.append(_t("No decision moved the estimated outcome beyond the noise.", "italic"))
    else:
        out.append(_t(f"Best ending: {best_ending_title(w)} (the highest bonus).", "dim"))
    for n, d in enumerate(g.turning_points or [], 1):
        head = Text()
        head.append(f"{n}. Turn {d.turn} — {d.card_title}", "bold")
        head.append(f"   spread {d.spread:.1f} points (noise {d.noise:.1f})", "dim")
        out.append(head)
        lines = [_t(choice_sentence(d) + ".", "" if d.chose_best else "yellow")]
        if d.moscow_text:
            lines.append(_t(f"What Moscow did: {d.moscow_text}", "italic"))
        out.append(_bullets(lines))
        t = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
        t.add_column("Option")
        t.add_column("Mean score", justify="right")
        t.add_column("±", justify="right")
        t.add_column("Best ending", justify="right")
        t.add_column("Endings")
        for o in d.options:
            label = _t(o.label, "bold" if o.chosen else "")
            if o.chosen:
                label.append(" ◀ chosen", "cyan")
            if o.best:
                label.append(" ★ best", "green")
            if d.moscow_id is not None and o.id == d.moscow_id:
                label.append(" (Moscow)", "italic")
            t.add_row(label, _t(f"{o.mean_score:.1f}"), _t(f"{o.se:.1f}"), _t(f"{o.best_ending_share:.0%}"),
                      _t(ending_mix(o.ending_shares, w.ending_titles), "dim"))
        out.append(t)
    return out


def game_renderables(g: GameReport, timeline: bool = True) -> list[RenderableType]:
    out: list[RenderableType] = [_header(g), meters_chart(g), _ending(g)]
    if g.what_if is not None:
        out.extend(_turning_points(g))
    if timeline:
        out.append(Rule(_t("Timeline", "bold")))
        for tr in g.timeline:
            out.extend(_turn(g, tr))
    return out


def _option_summary(o) -> list[Text]:
    """An option's estimated value over the class's positions: score, behind the best, best at n of m."""
    if o is None or not o.positions:
        return [_t("—", "dim")] * 3
    return [_t(f"{o.mean_score:.1f}"), _t(f"{o.behind_best:.1f}"), _t(f"{o.best_at}/{o.positions}")]


def class_renderables(c: ClassReport) -> list[RenderableType]:
    out: list[RenderableType] = [Rule(_t(f"{c.scenario_title} — {len(c.saves)} games", "bold"))]
    if c.classroom is not None:
        out.append(_t(f"Class pack: {c.classroom.title} ({c.classroom.id}) · " + " · ".join(c.classroom.settings)))
    t = Table(title=_t("Games", "bold"), box=box.SIMPLE_HEAD, title_justify="left")
    show_file = any(s.file and Path(s.file).stem != s.label for s in c.saves)
    t.add_column(c.who, no_wrap=True)
    t.add_column("Ending", ratio=1)
    for col in ("Score", "Turns", "Like Moscow"):
        t.add_column(col, justify="right", no_wrap=True)
    if show_file:
        t.add_column("Save", style="dim", overflow="fold")
    for s in c.saves:
        row = [_t(s.label + ("" if s.verified else " ⚠"), "" if s.verified else "red"),
               _t(s.ending_title or "(not finished)"), _t("" if s.score is None else f"{s.score:g}"),
               _t(s.turns_completed), _t(s.agreement.short())]
        if show_file:
            row.append(_t(s.file or ""))
        t.add_row(*row)
    out.append(t)
    unverified = [s for s in c.saves if not s.verified]
    if unverified:
        out.append(_bullets([_t(f"{s.label}: not verified, told from its recorded log ({s.verify_note})", "red")
                             for s in unverified], bullet="⚠", style="red"))
    st = c.scores
    if st.n:
        out.append(_t(f"Scores: mean {st.mean:g}, sd {st.sd:g}, min {st.min:g}, max {st.max:g} (n = {st.n})"))
    t = Table(title=_t("Endings", "bold"), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("Ending")
    t.add_column("Games", justify="right")
    t.add_column("Share", justify="right")
    t.add_column("")
    for e in c.endings:
        t.add_row(_t(e.title, TONE.get(e.tone, "")), _t(e.count), _t(f"{e.share:.0%}"), _t(_bar(e.share), "cyan"))
    out.append(t)
    out.append(Rule(_t("Decisions beside what Moscow did", "bold"), align="left"))
    valued = {v.card_id: {o.id: o for o in v.options} for v in c.what_if.cards} if c.what_if is not None else None
    if valued is not None:
        out.append(_bullets([_t(class_method(c.what_if), "dim")], bullet="ⓘ"))
    for card in c.cards:
        t = Table(title=_t(f"{card.title} (from turn {card.first_turn}, answered by {card.answered})"
                           + (" [hypothetical]" if card.hypothetical else "")),
                  box=box.SIMPLE_HEAD, title_justify="left")
        t.add_column("Option")
        t.add_column("Chosen", justify="right")
        t.add_column("")
        if valued is not None:
            for col in ("Est. score", "Behind best", "Best at"):
                t.add_column(col, justify="right")
        t.add_column("Moscow")
        total = sum(o.count for o in card.options) or 1
        values = valued.get(card.card_id, {}) if valued is not None else {}
        for o in card.options:
            row = [_t(o.label), _t(o.count), _t(_bar(o.count / total, 16), "cyan")]
            if valued is not None:
                row += _option_summary(values.get(o.id))
            t.add_row(*row, _t(f"← what Moscow did ({card.moscow_grade})" if o.historical else "", "bold"))
        out.append(t)
        if card.moscow_label is None and card.history:
            out.append(_bullets([_t(card.history, "italic")], bullet="Moscow:", style="dim"))
    if c.what_if is not None:
        out.append(Rule(_t("Turning points by student", "bold"), align="left"))
        for st in c.what_if.turning_points:
            if st.note or not st.turning_points:
                out.append(_bullets([Text.assemble((st.label, "bold"), ": ", (st.note or "no decision moved the "
                                                   "estimated outcome beyond the noise", "dim"))]))
                continue
            out.append(_bullets([Text.assemble((st.label, "bold"), ": ", f"turn {d.turn}, {d.card_title} — "
                                               f"{choice_sentence(d, '')} (spread {d.spread:.1f})")
                                 for d in st.turning_points]))
    out.append(Rule(_t("Meter trajectories", "bold"), align="left"))
    for m in c.meters:
        t = Table(title=_t(m.name), box=box.SIMPLE_HEAD, title_justify="left")
        t.add_column("")
        t.add_column("turn 0 →")
        t.add_column("end", justify="right")
        t.add_row(_t("mean", "bold"), _t(sparkline(m.mean, m.min, m.max, 50), "cyan"),
                  _t(f"{m.mean[-1]:g}" if m.mean and m.mean[-1] is not None else ""))
        for label, vals in m.per_save.items():
            t.add_row(_t(label), _t(sparkline(vals, m.min, m.max, 50)), _t(vals[-1] if vals else ""))
        out.append(t)
    out.append(Rule(_t("Outliers", "bold"), align="left"))
    if c.outliers:
        for o in c.outliers:
            out.append(_t(f"  • {o.label}: {o.reason}"))
    else:
        out.append(_t("  none stand out", "dim"))
    return out


def renderables(report: Report) -> list[RenderableType]:
    out: list[RenderableType] = [_t(report.title, "bold underline")]
    if report.kind == "game":
        out.extend(game_renderables(report.games[0]))
    else:
        for c in report.classes:
            out.extend(class_renderables(c))
        for g in report.games:  # a scenario with a single save among several scenarios
            out.extend(game_renderables(g, timeline=False))
    if report.skipped:
        out.append(Rule(_t("Saves left out", "bold red"), align="left"))
        for s in report.skipped:
            out.append(_t(f"  • {s.file}: {s.message}", "red"))
    if report.superseded:
        n = len(report.superseded)
        out.append(_t(f"{n} earlier save{'s' if n != 1 else ''} of these games not counted (the latest save of "
                      "each game stands for it): " + ", ".join(Path(s.file).name for s in report.superseded),
                      "dim"))
    return out


def print_report(report: Report, console: Console) -> None:
    for r in renderables(report):
        console.print(r)


def render_text(report: Report, width: int = 100) -> str:
    """Plain text (no colour codes), for files and for widgets that take a string."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, force_terminal=False, legacy_windows=False,
                      soft_wrap=False)
    print_report(report, console)
    return buf.getvalue()
