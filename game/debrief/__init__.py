"""Debrief reports from saves: the story of one game, or a class's games side by side.

    report = build_report([record, ...])      # pure data (game.debrief.schema, built by game.debrief.build)
    render(report, "text" | "md" | "html" | "json") -> str

`render_text(x)` and `render_html(x)` also take a GameRecord or a list of them directly.
"""

from __future__ import annotations

import json

from game.debrief.build import build_class, build_game, build_report
from game.debrief.schema import Report

FORMATS = ("text", "md", "html", "json")


def _report(x) -> Report:
    if isinstance(x, Report):
        return x
    if isinstance(x, (list, tuple)):
        return build_report(list(x))
    return build_report([x])


def render_text(x, width: int = 100) -> str:
    from game.debrief.text import render_text as _text

    return _text(_report(x), width=width)


def render_markdown(x) -> str:
    from game.debrief.markdown import render_markdown as _md

    return _md(_report(x))


def render_html(x) -> str:
    from game.debrief.html import render_html as _html

    return _html(_report(x))


def render_json(x) -> str:
    return json.dumps(_report(x).to_json(), ensure_ascii=False, indent=1) + "\n"


def render(x, fmt: str = "text", width: int = 100) -> str:
    if fmt == "text":
        return render_text(x, width=width)
    if fmt in ("md", "markdown"):
        return render_markdown(x)
    if fmt == "html":
        return render_html(x)
    if fmt == "json":
        return render_json(x)
    raise ValueError(f"unknown report format {fmt!r} (choose one of {', '.join(FORMATS)})")


__all__ = ["FORMATS", "Report", "build_class", "build_game", "build_report", "render", "render_html",
           "render_json", "render_markdown", "render_text"]
