"""From a path inside a YAML document (keys and list indices) to a readable location and a position."""

from __future__ import annotations

from typing import Any

CARD_LISTS = ("cards", "replace")


def location(root: Any, path: tuple) -> tuple[str, str | None]:
    """('cards[3](unsc-vote).options[1].effects[0].add', 'unsc-vote') for a path into `root`."""
    out: list[str] = []
    card = None
    node = root
    for i, el in enumerate(path):
        if isinstance(el, int):
            out.append(f"[{el}]")
            node = node[el] if isinstance(node, list) and 0 <= el < len(node) else None
            if i == 1 and path[0] in CARD_LISTS and isinstance(node, dict):
                cid = node.get("id")
                if isinstance(cid, str):
                    out.append(f"({cid})")
                    card = cid
        else:
            if out:
                out.append(".")
            out.append(str(el))
            node = node.get(el) if isinstance(node, dict) else None
    return "".join(out), card


def lookup(marks: dict[int, Any], root: Any, root_pos: tuple[int, int], path: tuple,
           key: bool = False) -> tuple[int, int, str | None]:
    """(line, col, plain) of the value at `path` (of its key when `key`), or of the deepest ancestor
    found when the path goes further than the document (a missing key points at its mapping)."""
    line, col = root_pos
    plain = None
    node = root
    last = len(path) - 1
    for i, el in enumerate(path):
        entry = marks.get(id(node)) if isinstance(node, (dict, list)) else None
        if entry is None:
            break
        if isinstance(node, dict):
            if not isinstance(el, str) or el not in entry:
                break
            kmark, vmark, plain = entry[el]
            mark = kmark if (key and i == last) else vmark
        else:
            if not isinstance(el, int) or not 0 <= el < len(entry):
                break
            mark, plain = entry[el]
        line, col = mark.line + 1, mark.column + 1
        node = node[el]
    else:
        return line, col, plain
    return line, col, None
