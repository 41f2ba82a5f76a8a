"""The safe YAML pipeline: size cap -> event scan -> plain data with source positions.

PyYAML's constructors are never used: the C parser (libyaml) turns the text into events and this module
builds dicts, lists and scalars from them. That way no tag can build an object, no alias can expand (an
alias bomb is refused after reading a few hundred bytes), and scalars follow a small YAML 1.2-style core
schema: only true/false, null/~ and plain numbers are not strings. `2019-04-08` stays text.

YAML 1.1 readings that surprise people (`NO` as false, `010` as 8) are errors, not silent conversions.

Positions: ``marks[id(container)]`` holds, for a dict, ``key -> (key_mark, value_mark, plain)`` and, for
a list, ``[(value_mark, plain), ...]``; marks are libyaml's, 0-based (game.content.locate turns them into
1-based line and column). ``plain`` is the source text of a plain scalar that became a non-string (kept
for hints such as "unquoted 1.10 is the number 1.1"), else None.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from game.content.gc_pause import no_gc
from game.content.problems import ContentError, Problem, display_path

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_PROBLEMS = 200

# libyaml when present; the pure-Python parser only as a fallback (3.5x slower).
_Loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_YAML11_TRUE = frozenset(("yes", "on", "y"))
_YAML11_FALSE = frozenset(("no", "off", "n"))
_NUMBER_START = frozenset("0123456789+-.")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
# C0 controls except tab/LF/CR, DEL, and the two non-characters YAML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass
class Parsed:
    """A YAML document as plain data, with positions and the problems that did not stop the build."""

    path: str
    data: Any
    marks: dict[int, Any]
    root: tuple[int, int]
    problems: list[tuple[tuple, int, int, str]] = field(default_factory=list)  # (path, line, col, msg)


_DUP = object()  # pending key marker: a duplicate key, whose value is dropped


class _Refused(Exception):
    """Internal: stop building at once (syntax error, depth, second document)."""


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or ContentError with one clear problem (never a traceback)."""
    shown = display_path(path)

    def refuse(message: str, line: int = 0, col: int = 0) -> ContentError:
        return ContentError([Problem(shown, line, col, "", message)])

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise refuse("no such file") from None
    except OSError as exc:
        raise refuse(f"cannot read it: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise refuse("this is a folder, not a YAML file")
    if not stat.S_ISREG(st.st_mode):
        raise refuse("not a regular file")
    if st.st_size > max_bytes:
        raise refuse(f"the file is {_size(st.st_size)}, over the {_size(max_bytes)} limit for content files")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        raise refuse(f"cannot read it: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise refuse(f"the file is over the {_size(max_bytes)} limit for content files")
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise refuse(f"the file is saved as {name}: save it as UTF-8", 1, 1)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise refuse(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save the file as UTF-8", line, col) from None


def _size(n: int) -> str:
    if n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB ({n:,} bytes)"
    return f"{n:,} bytes"


def resolve_plain(text: str) -> tuple[Any, str | None]:
    """(value, error) for a plain (unquoted, untagged) scalar under our YAML 1.2-style core schema."""
    if not text or text[0] not in _NUMBER_START:
        if text in _NULLS:
            return None, None
        if text in _TRUE:
            return True, None
        if text in _FALSE:
            return False, None
        low = text.lower()
        if low in _YAML11_TRUE or low in _YAML11_FALSE:
            reading = "true" if low in _YAML11_TRUE else "false"
            return text, (
                f"YAML 1.1 reads `{text}` as {reading}: write true/false, or quote it if you mean text"
            )
        return text, None
    if _INT.match(text):
        if _LEADING_ZERO.match(text):
            digits = text.lstrip("+-")
            octal = f"the octal number {int(digits, 8)}" if set(digits) <= set("01234567") else "text"
            return text, (
                f"unquoted {text} is ambiguous (YAML 1.1 reads it as {octal}, YAML 1.2 as "
                f"{int(text)}): drop the leading zero, or quote it if you mean text"
            )
        if len(text) > 30:
            return text, f"the number {text[:12]}... is far too large"
        return int(text), None
    if _FLOAT.match(text):
        if len(text) > 60:
            return text, f"the number {text[:12]}... is far too long"
        value = float(text)
        if value in (float("inf"), float("-inf")):
            return text, f"the number {text} is far too large"
        return value, None
    if _HEX.match(text) and len(text) < 20:
        return int(text, 16), None
    if _OCT.match(text) and len(text) < 24:
        return int(text[2:], 8), None
    return text, None


@no_gc()  # hundreds of thousands of fresh containers: the cyclic GC would rescan them all
def parse_text(text: str, path: str, max_depth: int = MAX_DEPTH, positions: bool = True) -> Parsed:
    """Build plain data from YAML text. Raises ContentError when the document is refused (syntax,
    anchors, aliases, tags, depth, several documents); returns softer problems in `Parsed.problems`.

    Without `positions`, `Parsed.marks` stays empty: keeping a position for every value costs a third of
    the time on big files, and valid files never need them (game.content.documents parses again, with
    positions, only when there is a problem to place)."""
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise ContentError([Problem(path, line, col, "",
                                    f"control character U+{ord(bad.group()):04X} is not allowed in YAML")])
    if not positions:
        try:
            return _build(text, path, max_depth, positions=False)
        except _NeedsPositions:
            pass  # a duplicate key: its message names where the first one is
    return _build(text, path, max_depth, positions=True)


class _NeedsPositions(Exception):
    """Internal: a build without positions met something whose message needs them (a duplicate key)."""


def _build(text: str, path: str, max_depth: int, positions: bool) -> Parsed:
    """The one builder: libyaml events -> plain data, with every problem found. With `positions`, the marks
    of every value are kept (see the module docstring); without, none are, and the rare problem whose
    message needs an earlier position raises _NeedsPositions instead."""
    hard: list[Problem] = []
    soft: list[tuple[tuple, int, int, str]] = []
    marks: dict[int, Any] = {}
    root_holder: list = []
    # The open containers, outermost first: (container, marks entry, is_map, pending key, key mark).
    # The innermost one lives in the `c_*` locals (this loop runs once per event: keep it lean). Marks are
    # libyaml's own (0-based) objects, turned into line/col only when a position is asked for.
    stack: list[tuple] = []
    c_obj: Any = None
    c_marks: Any = None
    c_map = False
    c_key: Any = None
    c_kmark: Any = None
    depth = 0
    root_pos = (1, 1)
    docs = 0
    dup = _DUP
    memo: dict[str, tuple[Any, str | None]] = {}  # plain scalars repeat a lot (ids, small numbers)
    aliases: dict[str, list[int]] = {}  # alias name -> [index of its problem in `hard`, uses]
    loader = _Loader(text)

    def refuse(mark: Any, message: str, where: tuple) -> None:
        # (no closure over the c_* locals: cell variables would slow every event down)
        hard.append(Problem(path, mark.line + 1, mark.column + 1, _location(root_holder, where), message))
        if len(hard) >= MAX_PROBLEMS:
            raise _Refused

    try:
        get = loader.get_event
        while True:
            ev = get()
            cls = ev.__class__
            if cls is ScalarEvent:
                if ev.anchor is not None or ev.tag is not None:
                    _refuse_marked(refuse, ev, _where(stack, c_obj, c_map, c_key, depth))
                value = ev.value
                if c_map and c_key is None:
                    # a mapping key: always text, whatever it looks like
                    if value in c_obj:
                        if not positions:
                            raise _NeedsPositions
                        mark = ev.start_mark
                        first = c_marks[value][0]
                        soft.append((_where(stack, c_obj, c_map, None, depth) + (value,), mark.line + 1,
                                     mark.column + 1, f"duplicate key '{value}' (first at line {first.line + 1}, "
                                                      f"column {first.column + 1})"))
                        c_key = dup
                    else:
                        c_key = value
                    if positions:
                        c_kmark = ev.start_mark
                    continue
                plain = None
                if not ev.style:  # plain scalar: resolve; quoted and block scalars are text as written
                    hit = memo.get(value)
                    if hit is None:
                        hit = memo[value] = resolve_plain(value)
                    if hit[1] is not None:
                        mark = ev.start_mark
                        soft.append((_where(stack, c_obj, c_map, c_key, depth), mark.line + 1, mark.column + 1,
                                     hit[1]))
                    if hit[0].__class__ is not str:
                        plain = value
                    value = hit[0]
                if c_map:
                    if c_key is not dup:
                        c_obj[c_key] = value
                        if positions:
                            c_marks[c_key] = (c_kmark, ev.start_mark, plain)
                    c_key = None
                elif depth:
                    c_obj.append(value)
                    if positions:
                        c_marks.append((ev.start_mark, plain))
                else:
                    root_holder.append(value)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                c_obj, c_marks, c_map, c_key, c_kmark = stack.pop()
                depth -= 1
                if c_map:
                    c_key = None  # the container just closed was this key's value
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                mark = ev.start_mark
                if ev.anchor is not None or ev.tag is not None:
                    _refuse_marked(refuse, ev, _where(stack, c_obj, c_map, c_key, depth))
                if c_map and c_key is None:
                    refuse(mark, "a mapping or list cannot be used as a key",
                           _where(stack, c_obj, c_map, c_key, depth))
                    raise _Refused
                if depth >= max_depth:
                    refuse(mark, f"nested more than {max_depth} levels deep",
                           _where(stack, c_obj, c_map, c_key, depth))
                    raise _Refused
                if cls is MappingStartEvent:
                    container: Any = {}
                    entry: Any = {} if positions else None
                else:
                    container = []
                    entry = [] if positions else None
                if positions:
                    marks[id(container)] = entry
                if c_map:
                    if c_key is not dup:  # a duplicate's value is read and dropped
                        c_obj[c_key] = container
                        if positions:
                            c_marks[c_key] = (c_kmark, mark, None)
                elif depth:
                    c_obj.append(container)
                    if positions:
                        c_marks.append((mark, None))
                else:
                    root_holder.append(container)
                    root_pos = (mark.line + 1, mark.column + 1)
                stack.append((c_obj, c_marks, c_map, c_key, c_kmark))
                c_obj = container
                c_marks = entry
                c_map = cls is MappingStartEvent
                c_key = None
                depth += 1
            elif cls is AliasEvent:
                name = ev.anchor
                if name in aliases:
                    aliases[name][1] += 1  # one problem per alias name, however often it is used
                else:
                    aliases[name] = [len(hard), 1]
                    refuse(ev.start_mark, f"aliases (*{name}) are not allowed: write the content out in full",
                           _where(stack, c_obj, c_map, c_key, depth))
                if c_map and c_key is None:
                    raise _Refused  # an alias as a key: nothing sensible to continue with
                if c_map:
                    c_key = None
                elif depth:
                    c_obj.append(None)  # keep the indices of what follows right
                    if positions:
                        c_marks.append((ev.start_mark, None))
            elif cls is DocumentStartEvent:
                docs += 1
                if docs > 1:
                    mark = ev.start_mark
                    hard.append(Problem(path, mark.line + 1, mark.column + 1, "",
                                        "a second YAML document starts here: one file holds one document"))
                    raise _Refused
            elif cls is StreamEndEvent:
                break
    except _Refused:
        pass
    except yaml.MarkedYAMLError as exc:
        hard.append(_syntax_problem(text, path, exc, root_holder, _where(stack, c_obj, c_map, c_key, depth)))
    except yaml.YAMLError as exc:  # reader errors and the like: no mark
        hard.append(Problem(path, 0, 0, "", f"not valid YAML: {exc}"))
    finally:
        loader.dispose()

    for index, uses in aliases.values():
        if uses > 1 and index < len(hard):
            p = hard[index]
            hard[index] = Problem(p.path, p.line, p.col, p.location, f"{p.message} (used {uses} times; the first "
                                  "is here)", p.severity, p.card)
    if hard:
        rendered = [Problem(path, ln, cl, _location(root_holder, loc), msg) for loc, ln, cl, msg in soft]
        raise ContentError(sorted(hard + rendered, key=lambda p: (p.line, p.col)))
    if not root_holder:
        raise ContentError([Problem(path, 1, 1, "", "the file is empty")])
    return Parsed(path, root_holder[0], marks, root_pos, soft)


def load_yaml(path: Path, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Parsed:
    return parse_text(read_text(path, max_bytes), display_path(path), max_depth)


def _where(stack: list, c_obj: Any, c_map: bool, c_key: Any, depth: int) -> tuple:
    """The path (keys and indices) of the node being read."""
    parts: list = []
    for frame in stack[1:]:  # stack[0] is the frame outside the root
        if frame[2]:
            if isinstance(frame[3], str):
                parts.append(frame[3])
        else:
            parts.append(len(frame[0]) - 1)  # the open child is already appended
    if depth:
        if c_map:
            if isinstance(c_key, str):
                parts.append(c_key)
        else:
            parts.append(len(c_obj))
    return tuple(parts)


def _refuse_marked(refuse, ev: Any, where: tuple) -> None:
    if ev.anchor is not None:
        refuse(ev.start_mark, f"anchors (&{ev.anchor}) are not allowed: write the content out in full", where)
    if ev.tag is not None:
        refuse(ev.start_mark, f"tags ({_short_tag(ev.tag)}) are not allowed: content is plain data", where)


def _short_tag(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag


def _char_at(text: str, line: int, col: int) -> str:
    if line < 1:
        return ""
    lines = text.split("\n", line)
    return lines[line - 1][col - 1:col] if len(lines) >= line else ""


def _syntax_problem(text: str, path: str, exc: yaml.MarkedYAMLError, root_holder: list, loc: tuple) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = (exc.problem or "not valid YAML").strip()
    if _char_at(text, line, col) == "\t" or "'\\t'" in problem:
        message = "a tab character: YAML indents with spaces only"
    else:
        message = problem
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            ctx = exc.context_mark
            message += f" ({exc.context} at line {ctx.line + 1}, column {ctx.column + 1})"
        elif exc.context:
            message += f" ({exc.context})"
        hint = _syntax_hint(text, problem, line, col, exc.context_mark)
        if hint:
            message += ": " + hint
    return Problem(path, line, col, _location(root_holder, loc), "YAML syntax: " + message)


_INDENTATION = ("did not find expected key", "did not find expected '-' indicator", "expected <block end>",
                "could not find expected ':'", "mapping values are not allowed")
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s#'\"{\[][^:#]*?):\s+(.*?)\s*$")


def _line(text: str, line: int) -> str:
    lines = text.split("\n", line)
    return lines[line - 1] if 1 <= line <= len(lines) else ""


def _quoted(value: str) -> str:
    """A value as a double-quoted YAML scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _syntax_hint(text: str, problem: str, line: int, col: int, context) -> str:
    """What the libyaml message usually means, in an instructor's words: an unquoted colon or a character
    that needs quotes (with the line fixed), a missing space after a colon, a quote left open, and otherwise
    indentation."""
    source = _line(text, line)
    if problem.startswith("mapping values are not allowed"):
        match = _KEY_VALUE.match(source)
        if match and col - 1 > source.index(":"):  # a second colon, inside the value
            lead, key, value = match.groups()
            fixed = f"{lead}{key}: {_quoted(value.split(' #', 1)[0].rstrip())}"
            return f"the value holds ': ', which YAML reads as a new key; quote the value: {fixed.strip()}"
    if problem.startswith("found character that cannot start any token"):
        ch = _char_at(text, line, col)
        match = _KEY_VALUE.match(source)
        fixed = f" ({match.group(2)}: {_quoted(match.group(3))})" if match else ""
        return f"a value starting with {ch!r} needs quotes{fixed}"
    if problem.startswith("found unexpected end of stream") and context is not None:
        return f"a quote or bracket opened at line {context.line + 1}, column {context.column + 1} is never closed"
    if problem.startswith("did not find expected ',' or") and context is not None:
        what = "list" if problem.endswith("']'") else "mapping"
        return (f"the {what} opened at line {context.line + 1}, column {context.column + 1} is not closed, or "
                "an item in it needs quotes")
    if problem.startswith("could not find expected ':'") and context is not None:
        key_line = _line(text, context.line + 1)
        if re.search(r"^\s*(?:-\s+)?[\w-]+:[^\s:/]", key_line):
            return f"a key's colon needs a space after it (line {context.line + 1}: `key: value`)"
    if problem.startswith("did not find expected key"):
        stripped = source[col - 1:] if col else ""
        before = source[:col - 1].rstrip()
        if before.endswith(("\"", "'")) and stripped.strip():
            match = _KEY_VALUE.match(source)
            if match:
                return ("text after a closing quote: quote the whole value, e.g. "
                        f"{match.group(2)}: '{match.group(3)}'")
    if problem.startswith(_INDENTATION):
        where = f" (the block it belongs to starts at line {context.line + 1}, column {context.column + 1})" \
            if context is not None else ""
        return (f"this is usually indentation: check that line {line} lines up with the keys or `- ` items it "
                f"belongs with{where}, using spaces")
    return ""


def _location(root_holder: list, loc: tuple) -> str:
    from game.content.locate import location

    return location(root_holder[0] if root_holder else None, loc)[0]
