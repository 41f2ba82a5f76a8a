"""The debrief as one self-contained HTML file: inline CSS (with print styles), inline SVG charts, no
scripts and no external assets, so it can be mailed, archived and printed as is. All content is escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from game.debrief.charts import DASHES, PALETTE, svg_chart, svg_legend
from game.debrief.schema import ClassReport, DecisionValue, GameReport, Report
from game.debrief.whatif import (
    best_ending_title, choice_sentence, class_method, decision_values, ending_mix, method,
)
from game.engine.explain import HOW_DRAWN

CSS = """
:root { --ink: #1d232a; --muted: #5b6670; --line: #d7dde3; --accent: #8a1c1c; --good: #1e7b34; --bad: #b42318;
        --bg: #ffffff; --soft: #f5f7f9; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: var(--bg); margin: 0 auto; max-width: 980px; padding: 24px; }
h1 { font-size: 1.7em; margin: 0 0 .2em; color: var(--accent); }
h2 { font-size: 1.35em; border-bottom: 2px solid var(--line); padding-bottom: .2em; margin-top: 1.8em; }
h3 { font-size: 1.1em; margin: 1.4em 0 .4em; }
.meta { color: var(--muted); margin: 0 0 1em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .5em 0 1em; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .95em; }
th, td { text-align: left; padding: .3em .5em; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.turn { border-left: 4px solid var(--line); padding: .2em 0 .2em 1em; margin: 1.2em 0; }
.turn h3 { margin-top: 0; }
.card { margin: .3em 0; }
.card .how { color: var(--muted); }
.hyp { display: inline-block; font-size: .8em; padding: 0 .4em; border: 1px solid #8e44ad; color: #8e44ad;
       border-radius: 3px; }
.facts-list { margin: .2em 0 .4em 1.2em; padding: 0; color: var(--muted); font-size: .9em; }
.cardtext { margin: .2em 0 .4em; font-style: italic; color: var(--muted); }
ul.cons { margin: .3em 0; padding-left: 1.2em; }
.match { color: var(--good); font-weight: 600; }
.nomatch { color: var(--bad); font-weight: 600; }
.up { color: var(--good); } .down { color: var(--bad); }
.note { background: #fff8dc; border-left: 3px solid #d4a017; padding: .3em .6em; margin: .4em 0; }
.ending { border: 2px solid var(--line); border-radius: 6px; padding: .6em 1em; }
.ending.success { border-color: var(--good); } .ending.failure { border-color: var(--bad); }
.bar { display: inline-block; height: .8em; background: #4a78a8; vertical-align: middle; }
.chart { max-width: 100%; height: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: .5em 1.2em; }
.charts figure { margin: 0; }
.charts figcaption { font-size: .85em; color: var(--muted); text-align: center; }
.chart .grid { stroke: #e6eaee; stroke-width: 1; }
.chart .axis { stroke: #8a949e; stroke-width: 1; }
.chart .tick { font-size: 11px; fill: #5b6670; }
.chart .chart-title { font-size: 13px; font-weight: 600; fill: #1d232a; }
.chart .band { fill: #4a78a8; fill-opacity: .15; stroke: none; }
ul.legend { list-style: none; padding: 0; margin: .2em 0 1em; display: flex; flex-wrap: wrap; gap: .3em 1.2em;
            font-size: .9em; }
.skipped { color: var(--bad); }
.warn { border: 2px solid var(--bad); padding: .4em .8em; border-radius: 4px; }
footer { margin-top: 3em; color: var(--muted); font-size: .85em; }
.method { color: var(--muted); font-size: .9em; }
.tp { border-left: 4px solid var(--accent); padding: .2em 0 .2em 1em; margin: 1.2em 0; }
.tp h4 { margin: 0 0 .3em; }
ul.opts { list-style: none; margin: 0; padding: 0; }
.chosen { font-weight: 600; }
.best { color: var(--good); }
.regret { color: var(--bad); }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  .turn, table, .ending, svg, figure, .note { page-break-inside: avoid; break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
  .bar { background: #555 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 16mm 14mm; }
}
"""


def e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def _delta_class(good: str, delta: int) -> str:
    if delta == 0 or good == "neutral":
        return ""
    return "up" if (delta > 0) == (good == "high") else "down"


def _meters_chart(g: GameReport) -> str:
    if len(g.meters) > 4:  # many meters: one small chart each reads better than a tangle of lines
        cells = []
        for m in g.meters:
            vals = g.series.get(m.id, [])
            delta = m.end - m.start
            cls = _delta_class(m.good, delta)
            line = {"label": f"{m.name}: {m.start} → {m.end}", "values": vals, "color": "#1f77b4", "dash": ""}
            cells.append(f'<figure>{svg_chart([line], m.min, m.max, title=m.name, width=360, height=160)}'
                         f'<figcaption>{m.start} → <span class="{cls}">{m.end}</span> '
                         f'({"+" if delta >= 0 else ""}{delta})</figcaption></figure>')
        return '<h3>Meters over time</h3><div class="charts">' + "".join(cells) + "</div>"
    same_range = len({(m.min, m.max) for m in g.meters}) == 1
    lines, legend = [], []
    for k, m in enumerate(g.meters):
        vals = g.series.get(m.id, [])
        if not same_range:  # meters on different scales: plot each as a share of its own range
            span = (m.max - m.min) or 1
            vals = [round((v - m.min) * 100 / span, 2) for v in vals]
        color, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        lines.append({"label": f"{m.name}: {m.start} → {m.end}", "values": vals, "color": color, "dash": dash})
        legend.append((f"{m.name} ({m.start} → {m.end})", color, dash))
    if same_range and g.meters:
        lo, hi, ylab = g.meters[0].min, g.meters[0].max, ""
    else:
        lo, hi, ylab = 0, 100, "% of range"
    return svg_chart(lines, lo, hi, title="Meters over time", y_label=ylab) + svg_legend(legend)


def _facts(g: GameReport) -> str:
    rows = [("Scenario", f"{g.scenario_title} ({g.scenario_id})"), (g.who, g.player or "—")]
    if g.classroom is not None:
        rows.append(("Class", f"{g.classroom.title} ({g.classroom.id}): " + "; ".join(g.classroom.settings)))
    if g.file:
        rows.append(("Save", g.file))
    if g.deck_ids:
        rows.append(("Decks", ", ".join(g.deck_ids)))
    rows.append(("Seed", g.seed))
    status = f"over after turn {g.turn}" if g.over else f"in progress, turn {g.turn}"
    rows.append(("Game", f"{status} ({g.turns_completed} turns completed)"))
    rows.append(("Played", f"{g.created} → {g.updated}"))
    if g.agreement.sentence():
        rows.append(("Like Moscow", g.agreement.sentence()))
    if g.fork_of:
        f = g.fork_of
        rows.append(("Fork of", f"{f.get('file') or f.get('game_id')} from turn {f.get('turn')}"))
    warn = ""
    if not g.verified:
        warn = (f'<p class="warn"><strong>Not verified.</strong> This game is told from the log the save recorded, '
                f"which does not replay: {e(g.verify_note)}</p>")
    return warn + '<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows) + "</dl>"


def _ending(g: GameReport) -> str:
    if g.ending is None:
        return f"<p><em>The game is not over (turn {g.turn}).</em></p>"
    en = g.ending
    rows = "".join(f'<tr><td>{e(label)}</td><td class="num">{pts:+g}</td></tr>' for label, pts in en.breakdown)
    rows += f'<tr><th>Total</th><th class="num">{en.score:g}</th></tr>'
    return (f'<div class="ending {e(en.tone)}"><h3>Ending: {e(en.title)}</h3><p>{e(en.text)}</p>'
            f'<table class="score"><thead><tr><th>Score</th><th class="num">Points</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _turn(g: GameReport, tr) -> str:
    meters = {m.id: m for m in g.meters}
    out = [f'<section class="turn" id="turn-{tr.turn}"><h3>Turn {tr.turn} — {e(tr.date)}'
           + (" (in progress)" if tr.in_progress else "") + "</h3>"]
    for c in tr.cards:
        hyp = ' <span class="hyp">hypothetical</span>' if c.hypothetical else ""
        date = f" ({e(c.date)})" if c.date else ""
        out.append(f'<div class="card"><span class="how">{e(HOW_DRAWN.get(c.how, "Event"))}:</span> '
                   f"<strong>{e(c.title)}</strong>{date}{hyp}")
        if c.text:
            out.append(f'<p class="cardtext">{e(c.text)}</p>')
        if c.facts:
            out.append('<ul class="facts-list">')
            for f in c.facts:
                out.append(f"<li><cite>{e(f.shown)}</cite>{' (' + e(f.date) + ')' if f.date else ''}: "
                           f"{e(f.summary)}</li>")
            out.append("</ul>")
        out.append("</div>")
    if tr.decisions:
        valued = decision_values(g)
        extra = "<th>What-if: estimated score</th>" if valued is not None else ""
        out.append(f"<table><thead><tr><th>Decision</th><th>Your choice</th>{extra}<th>What Moscow did</th></tr>"
                   "</thead><tbody>")
        for d in tr.decisions:
            if d.matches is None:
                mark = ""
            elif d.matches:
                mark = ' <span class="match" title="as Moscow did">✓</span>'
            else:
                mark = ' <span class="nomatch" title="not what Moscow did">✗</span>'
            moscow = d.moscow_text
            value, rank = valued.get(d.index, (None, None)) if valued is not None else (None, None)
            values = f"<td>{_option_values(value)}</td>" if valued is not None else ""
            flag = f' <strong class="regret">⚑ turning point {rank}</strong>' if rank is not None else ""
            out.append(f"<tr><td>{e(d.card_title)}{flag}</td><td>{e(d.chosen_label or '(no choice)')}{mark}</td>"
                       f"{values}<td><em>{e(moscow)}</em></td></tr>")
        out.append("</tbody></table>")
    if tr.consequences:
        out.append('<ul class="cons">' + "".join(f"<li>{e(c)}</li>" for c in tr.consequences) + "</ul>")
    changed = []
    for mid, v in tr.meters_after.items():
        b = tr.meters_before.get(mid)
        if b != v:
            m = meters.get(mid)
            cls = _delta_class(m.good if m else "neutral", v - (b or 0))
            changed.append(f'<span class="{cls}">{e(m.name if m else mid)} {b} → {v}</span>')
    if changed:
        out.append(f"<p>Meters: {', '.join(changed)}</p>")
    for n in tr.notes:
        out.append(f'<div class="note">✎ {e(n.text)} <small>({e(n.at)})</small></div>')
    out.append("</section>")
    return "".join(out)


def _option_values(v: DecisionValue | None) -> str:
    """A decision's options with their estimated mean scores, the chosen one in bold, the best starred."""
    if v is None:
        return '<span class="method">(no other option)</span>'
    items = []
    for o in v.options:
        cls = " ".join(c for c, on in (("chosen", o.chosen), ("best", o.best)) if on)
        mark = (" (chosen)" if o.chosen else "") + (" ★" if o.best else "")
        items.append(f'<li class="{cls}">{e(o.label)}: {o.mean_score:.1f}{mark}</li>')
    return '<ul class="opts">' + "".join(items) + "</ul>"


def _turning_points(g: GameReport) -> str:
    w = g.what_if
    out = ['<section class="whatif"><h3>Turning points</h3>',
           f'<p class="method">{e(method(w.policy, w.rollouts))}</p>']
    if w.note:
        out.append(f'<p class="warn">{e(w.note)}</p>')
    elif not w.decisions:
        out.append("<p><em>No decision with two or more options was taken.</em></p>")
    elif not g.turning_points:
        out.append("<p><em>No decision moved the estimated outcome beyond the noise.</em></p>")
    else:
        out.append(f"<p>Best ending: {e(best_ending_title(w))} (the highest bonus).</p>")
    for n, d in enumerate(g.turning_points or [], 1):
        out.append(f'<div class="tp" id="turning-point-{n}"><h4>{n}. Turn {d.turn} — {e(d.card_title)} '
                   f"<small>spread {d.spread:.1f} points (noise {d.noise:.1f})</small></h4>")
        out.append(f'<p class="{"" if d.chose_best else "regret"}">{e(choice_sentence(d))}.</p>')
        if d.moscow_text:
            out.append(f"<p><em>What Moscow did: {e(d.moscow_text)}</em></p>")
        out.append('<table><thead><tr><th>Option</th><th class="num">Mean score</th><th class="num">±</th>'
                   '<th class="num">Best ending</th><th></th><th>Endings</th></tr></thead><tbody>')
        for o in d.options:
            marks = (" <strong>(chosen)</strong>" if o.chosen else "") + (' <span class="best">★ best</span>'
                                                                            if o.best else "")
            if d.moscow_id is not None and o.id == d.moscow_id:
                marks += " <em>(Moscow)</em>"
            out.append(f"<tr><td>{e(o.label)}{marks}</td><td class=\"num\">{o.mean_score:.1f}</td>"
                       f'<td class="num">{o.se:.1f}</td><td class="num">{o.best_ending_share:.0%}</td>'
                       f"<td>{_bar(o.best_ending_share, 100)}</td>"
                       f"<td>{e(ending_mix(o.ending_shares, w.ending_titles))}</td></tr>")
        out.append("</tbody></table></div>")
    out.append("</section>")
    return "".join(out)


def _game(g: GameReport, timeline: bool = True) -> str:
    parts = [f"<h2>{e(g.scenario_title)} — {e(g.label)}</h2>", _facts(g), _meters_chart(g), _ending(g)]
    if g.what_if is not None:
        parts.append(_turning_points(g))
    if timeline:
        parts.append("<h2>Timeline</h2>")
        parts.extend(_turn(g, tr) for tr in g.timeline)
    return "".join(parts)


def _bar(share: float, width: int = 160) -> str:
    return f'<span class="bar" style="width:{max(1, round(share * width))}px"></span>'


def _class(c: ClassReport) -> str:
    out = [f"<h2>{e(c.scenario_title)} — {len(c.saves)} games</h2>"]
    if c.classroom is not None:
        out.append(f'<p class="meta">Class pack: <strong>{e(c.classroom.title)}</strong> ({e(c.classroom.id)}) · '
                   + " · ".join(e(x) for x in c.classroom.settings) + "</p>")
    out.append(f'<table><thead><tr><th>{e(c.who)}</th><th>Ending</th><th class="num">Score</th><th class="num">Turns</th>'
               '<th class="num">Like Moscow</th><th>Save</th></tr></thead><tbody>')
    for s in c.saves:
        flag = "" if s.verified else f' <span class="nomatch" title="{e(s.verify_note)}">⚠ not verified</span>'
        out.append(f"<tr><td>{e(s.label)}{flag}</td><td>{e(s.ending_title or '(not finished)')}</td>"
                   f'<td class="num">{"" if s.score is None else f"{s.score:g}"}</td>'
                   f'<td class="num">{s.turns_completed}</td><td class="num">{s.agreement.short()}</td>'
                   f"<td><code>{e(s.file or '')}</code></td></tr>")
    out.append("</tbody></table>")
    st = c.scores
    if st.n:
        out.append(f"<p>Scores: mean {st.mean:g}, standard deviation {st.sd:g}, min {st.min:g}, max {st.max:g} "
                   f"(n = {st.n}).</p>")
    out.append("<h3>Endings</h3>")
    out.append('<table><thead><tr><th>Ending</th><th class="num">Games</th><th class="num">Share</th><th></th></tr>'
               "</thead><tbody>")
    for en in c.endings:
        out.append(f"<tr><td>{e(en.title)}</td><td class=\"num\">{en.count}</td>"
                   f'<td class="num">{en.share:.0%}</td><td>{_bar(en.share)}</td></tr>')
    out.append("</tbody></table>")
    out.append("<h3>Decisions beside what Moscow did</h3>")
    valued = {v.card_id: {o.id: o for o in v.options} for v in c.what_if.cards} if c.what_if is not None else None
    if valued is not None:
        out.append(f'<p class="method">{e(class_method(c.what_if))}</p>')
    extra = ('<th class="num">Est. score</th><th class="num">Behind best</th><th class="num">Best at</th>'
             if valued is not None else "")
    for card in c.cards:
        hyp = ' <span class="hyp">hypothetical</span>' if card.hypothetical else ""
        out.append(f"<h4>{e(card.title)}{hyp} <small>— from turn {card.first_turn}, answered by {card.answered}"
                   "</small></h4>")
        total = sum(o.count for o in card.options) or 1
        out.append(f'<table><thead><tr><th>Option</th><th class="num">Chosen</th><th></th>{extra}<th>By</th></tr>'
                   "</thead><tbody>")
        values = valued.get(card.card_id, {}) if valued is not None else {}
        for o in card.options:
            moscow = f" <strong>← what Moscow did ({e(card.moscow_grade or '')})</strong>" if o.historical else ""
            cells = ""
            if valued is not None:
                v = values.get(o.id)
                shown = ([f"{v.mean_score:.1f}", f"{v.behind_best:.1f}", f"{v.best_at}/{v.positions}"]
                         if v is not None and v.positions else ["—"] * 3)
                cells = "".join(f'<td class="num">{x}</td>' for x in shown)
            out.append(f"<tr><td>{e(o.label)}{moscow}</td><td class=\"num\">{o.count}</td>"
                       f"<td>{_bar(o.count / total, 120)}</td>{cells}<td>{e(', '.join(o.who))}</td></tr>")
        out.append("</tbody></table>")
        if card.moscow_label is None and card.history:
            out.append(f"<p><em>Moscow: {e(card.history)}</em></p>")
    if c.what_if is not None:
        out.append("<h3>Turning points by student</h3><ul>")
        for st in c.what_if.turning_points:
            if st.note or not st.turning_points:
                why = st.note or "no decision moved the estimated outcome beyond the noise"
                out.append(f"<li><strong>{e(st.label)}</strong>: <em>{e(why)}</em></li>")
            for d in st.turning_points:
                out.append(f"<li><strong>{e(st.label)}</strong>: turn {d.turn}, {e(d.card_title)} — "
                           f"{e(choice_sentence(d, ''))} (spread {d.spread:.1f})</li>")
        out.append("</ul>")
    out.append('<h3>Meter trajectories</h3><div class="charts">')
    for m in c.meters:
        lines = []
        many = len(m.per_save) > 40
        if not many:
            for label, vals in m.per_save.items():
                lines.append({"label": f"{label}: {vals[-1] if vals else ''}", "values": vals, "color": "#8a949e",
                              "dash": "", "weight": 1, "opacity": 0.6})
        lines.append({"label": "class mean", "values": m.mean, "color": "#8a1c1c", "dash": "", "weight": 3})
        out.append(f"<figure>{svg_chart(lines, m.min, m.max, title=m.name, band=(m.lo, m.hi), width=360, height=170)}"
                   "</figure>")
    out.append("</div>")
    out.append(svg_legend([("class mean", "#8a1c1c", ""), ("min–max band (shaded)", "#4a78a8", "")]
                          + ([] if len(c.saves) > 40 else [("each game", "#8a949e", "")])))
    out.append("<h3>Outliers</h3>")
    if c.outliers:
        out.append("<ul>" + "".join(f"<li><strong>{e(o.label)}</strong>: {e(o.reason)}</li>" for o in c.outliers)
                   + "</ul>")
    else:
        out.append("<p>None stand out.</p>")
    return "".join(out)


def render_html(report: Report) -> str:
    body = [f"<h1>{e(report.title)}</h1>", f'<p class="meta">Generated {e(report.generated)} by Kremlin\'s Libya '
            "Gambit.</p>"]
    if report.kind == "game":
        body.append(_game(report.games[0]))
    else:
        body.extend(_class(c) for c in report.classes)
        body.extend(_game(g, timeline=False) for g in report.games)
    if report.skipped:
        body.append('<h2 class="skipped">Saves left out</h2><ul class="skipped">'
                    + "".join(f"<li><code>{e(s.file)}</code>: {e(s.message)}</li>" for s in report.skipped) + "</ul>")
    if report.superseded:
        body.append(f'<p class="meta">{len(report.superseded)} earlier save(s) of these games not counted (the latest '
                    "save of each game stands for it): "
                    + ", ".join(f"<code>{e(Path(s.file).name)}</code>" for s in report.superseded) + "</p>")
    body.append("<footer>Consequences are told as the game's engine explains them; “What Moscow did” follows the "
                "documents the scenario cites.</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(report.title)}</title><style>{CSS}</style></head><body>"
            + "".join(body) + "</body></html>\n")
