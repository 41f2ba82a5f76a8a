"""Documents: one YAML file -> plain data with positions -> pydantic model, with every problem found.

A file's `kind:` says what it is: `scenario`, `deck`, `facts` (a fact base, as in seeds/) or `class` (a class
pack: a scenario, decks and settings for a class, game.model.classroom). Documents
are cached per process by (path, mtime, size, inode), so a file is parsed once however often it is used.
"""

from __future__ import annotations

import os
import re
import types
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Discriminator, Tag, ValidationError

from game.content import yamlsafe
from game.content.gc_pause import no_gc
from game.content.locate import location, lookup
from game.content.problems import ContentError, Problem, did_you_mean, display_path
from game.model import content as m
from game.model.classroom import ClassPack

KINDS: dict[str, type[BaseModel]] = {"scenario": m.Scenario, "deck": m.Deck, "facts": m.FactBase, "class": ClassPack}
MAX_PROBLEMS = 200
_ID = re.compile(m.ID_PATTERN)


class Document:
    """One content file: its data (with positions), its model when valid, and its problems so far."""

    __slots__ = ("path", "shown", "kind", "raw", "text", "model", "problems", "_positions")

    def __init__(self, path: Path | None, shown: str, raw: Any = None, text: str | None = None):
        self.path = path
        self.shown = shown
        self.kind: str | None = None
        self.raw = raw
        self.text = text  # the YAML source, kept to find positions when a problem needs one
        self.model: BaseModel | None = None
        self.problems: list[Problem] = []
        self._positions: yamlsafe.Parsed | None = None

    def _where(self, path: tuple, key: bool = False) -> tuple[int, int, str | None]:
        if self.text is None:
            return 0, 0, None
        if self._positions is None:
            # parsed a second time, with positions: only files with problems pay for them
            self._positions = yamlsafe.parse_text(self.text, self.shown, positions=True)
        pos = self._positions
        return lookup(pos.marks, pos.data, pos.root, path, key)

    def at(self, path: tuple, message: str, severity: str = "error", key: bool = False) -> Problem:
        """A problem at `path` inside this document (the key's position when `key`)."""
        line, col, _ = self._where(path, key)
        loc, card = location(self.raw, path)
        return Problem(self.shown, line, col, loc, message, severity, card)

    def plain(self, path: tuple) -> str | None:
        """The source text of a plain scalar that became a non-string (for 'quote it' hints)."""
        return self._where(path)[2]

    @property
    def ok(self) -> bool:
        return self.model is not None and not any(p.is_error for p in self.problems)

    @property
    def id(self) -> str | None:
        value = self.raw.get("id") if isinstance(self.raw, dict) else None
        return value if isinstance(value, str) else None


# --------------------------------------------------------------------------- loading

_cache: dict[str, tuple[tuple, Document]] = {}


def stamp(path: Path) -> tuple:
    st = os.stat(path)
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def read_document(path: Path) -> Document:
    """Parse and validate one file; never raises for bad content (the problems are in the document)."""
    path = Path(path)
    key = os.path.abspath(path)
    try:
        current = stamp(path)
    except OSError:
        current = None
    if current is not None:
        hit = _cache.get(key)
        if hit is not None and hit[0] == current:
            return hit[1]
    doc = _read(path)
    if current is not None:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = (current, doc)
    return doc


def clear_cache() -> None:
    _cache.clear()


def _read(path: Path) -> Document:
    shown = display_path(path)
    try:
        text = yamlsafe.read_text(path)
    except ContentError as exc:
        doc = Document(path, shown)
        doc.problems = exc.problems
        return doc
    return _from_text(text, shown, path)


def parse_document(text: str, shown: str = "<text>") -> Document:
    """Like read_document, for text already in memory (tests, the deck loader)."""
    return _from_text(text, shown, None)


def _from_text(text: str, shown: str, path: Path | None) -> Document:
    with no_gc():
        try:
            parsed = yamlsafe.parse_text(text, shown, positions=False)
        except ContentError as exc:
            doc = Document(path, shown)
            doc.problems = exc.problems
            return doc
        doc = Document(path, shown, parsed.data, text)
        _take_yaml_problems(doc, parsed)
        validate_document(doc)
        return doc


def _take_yaml_problems(doc: Document, parsed: yamlsafe.Parsed) -> None:
    # positions as the scanner saw them (for a duplicate key: the second copy, which is not in the data)
    for loc, line, col, message in parsed.problems:
        where, card = location(doc.raw, loc)
        doc.problems.append(Problem(doc.shown, line, col, where, message, "error", card))


def load_document(path: Path) -> BaseModel:
    """The validated model of one file (Scenario, Deck or FactBase); ContentError lists every problem of
    the YAML and the schema. Cross-references are checked by `resolve` and `validate_paths`."""
    doc = read_document(path)
    if not doc.ok:
        raise ContentError(doc.problems)
    return doc.model


def validate_document(doc: Document) -> None:
    """Dispatch on `kind:` and validate with pydantic; appends problems, sets doc.model when valid."""
    raw = doc.raw
    if not isinstance(raw, dict):
        doc.problems.append(doc.at((), "expected a mapping at the top of the file, starting with "
                                       "`kind: scenario`, `kind: deck`, `kind: facts` or `kind: class`"))
        return
    kind = raw.get("kind")
    if "kind" not in raw:
        doc.problems.append(doc.at((), "missing required key 'kind': it says what the file is "
                                       "(scenario, deck, facts or class)"))
        return
    if not isinstance(kind, str) or kind not in KINDS:
        hint = did_you_mean(kind, KINDS) if isinstance(kind, str) else ""
        doc.problems.append(doc.at(("kind",), f"unknown kind {_show(kind, doc.plain(('kind',)))}{hint}: "
                                              "kind is scenario, deck, facts or class"))
        return
    doc.kind = kind
    cls = KINDS[kind]
    try:
        model = cls.model_validate(raw)
    except ValidationError as exc:
        taken = {(p.line, p.col) for p in doc.problems if p.line}
        found = schema_problems(doc, cls, exc, ())
        # a YAML-level problem (`NO`, `010`) already explains the value at that position
        doc.problems.extend(p for p in found if (p.line, p.col) not in taken or not p.line)
        _cap(doc)
        return
    if not any(p.is_error for p in doc.problems):
        doc.model = model
    _cap(doc)


def _cap(doc: Document) -> None:
    if len(doc.problems) > MAX_PROBLEMS:
        extra = len(doc.problems) - MAX_PROBLEMS
        doc.problems = doc.problems[:MAX_PROBLEMS] + [
            Problem(doc.shown, 0, 0, "", f"... and {extra} more problems (fix these first)")
        ]


# --------------------------------------------------------------------------- pydantic errors -> problems


def schema_problems(doc: Document, cls: type[BaseModel], exc: ValidationError, prefix: tuple) -> list[Problem]:
    """Map pydantic errors to positions and plain words. `prefix` is the path of the validated value
    inside the document (empty for a whole file)."""
    out: list[Problem] = []
    # Words and did-you-mean hints cost real work per error: only build what `_cap` will keep (the count
    # of the rest still reaches the "... more problems" line). Without this, errors cost quadratic time.
    errors = exc.errors(include_url=False)
    for err in errors[: MAX_PROBLEMS + 1]:
        path, owner, key = strip_tags(cls, tuple(err["loc"]))
        full = prefix + path
        typ = err["type"]
        if typ == "extra_forbidden":
            key = True
        parent = _node(doc.raw, full[:-1]) if full else None
        value = err.get("input")
        message = _message(err, typ, path, owner, parent, value, doc.plain(full))
        out.append(doc.at(full, message, key=key))
    out.sort(key=lambda p: (p.line, p.col))
    if len(errors) > MAX_PROBLEMS + 1:
        # placeholders, counted by `_cap`, which replaces everything past MAX_PROBLEMS with one line
        out.extend(out[-1:] * (len(errors) - MAX_PROBLEMS - 1))
    return out


def _node(root: Any, path: tuple) -> Any:
    node = root
    for el in path:
        if isinstance(node, dict) and el in node:
            node = node[el]
        elif isinstance(node, list) and isinstance(el, int) and 0 <= el < len(node):
            node = node[el]
        else:
            return None
    return node


def _unwrap(t: Any) -> Any:
    """Strip Optional[...] and plain Annotated[...]; keep a tagged union (Annotated with a Discriminator)."""
    while True:
        origin = get_origin(t)
        if origin is Annotated:
            args = get_args(t)
            if any(isinstance(a, Discriminator) for a in args[1:]):
                return t
            t = args[0]
            continue
        if origin is Union or origin is types.UnionType:
            args = [a for a in get_args(t) if a is not type(None)]
            if len(args) == 1:
                t = args[0]
                continue
        return t


@lru_cache(maxsize=None)
def _tagged_members(t: Any) -> dict[str, Any] | None:
    origin = get_origin(t)
    if origin is Annotated:
        args = get_args(t)
        if not any(isinstance(a, Discriminator) for a in args[1:]):
            return None
        union = args[0]
    elif origin is Union or origin is types.UnionType:
        union = t  # a field's own annotation: pydantic moved the Discriminator into the FieldInfo
    else:
        return None
    members = {}
    for member in get_args(union):
        if get_origin(member) is not Annotated:
            return None
        margs = get_args(member)
        for meta in margs[1:]:
            if isinstance(meta, Tag):
                members[meta.tag] = margs[0]
    return members or None


@lru_cache(maxsize=None)
def field_map(cls: type[BaseModel]) -> dict[str, Any]:
    """YAML key (alias or name) -> annotation."""
    return {(f.alias or name): f.annotation for name, f in cls.model_fields.items()}


def strip_tags(cls: type[BaseModel], loc: tuple) -> tuple[tuple, Any, bool]:
    """(YAML path, the type that owns the last key, is-a-key) for a pydantic error location: drops the
    union tags pydantic inserts (('effects', 1, 'meter', 'add') -> ('effects', 1, 'add'))."""
    t: Any = cls
    owner: Any = None
    path: list = []
    key = False
    for el in loc:
        if el == "[key]":
            key = True
            continue
        t = _unwrap(t) if t is not None else None
        try:
            members = _tagged_members(t) if t is not None else None
        except TypeError:  # unhashable annotation: no union here
            members = None
        if members is not None:
            if isinstance(el, str) and el in members:
                t = members[el]
                continue
            t = None
        owner = t
        path.append(el)
        if isinstance(t, type) and issubclass(t, BaseModel):
            t = field_map(t).get(el)
        elif get_origin(t) is list and isinstance(el, int):
            t = get_args(t)[0]
        elif get_origin(t) is dict:
            t = get_args(t)[1]
        else:
            t = None
    return tuple(path), owner, key


_KIND_WORDS = {
    "string": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
    "list": "a list", "dict": "a mapping (key: value lines)", "model": "a mapping (key: value lines)",
    "model_attributes": "a mapping (key: value lines)",
}


def _show(value: Any, plain: str | None = None) -> str:
    """How a value reads in a message."""
    if value is None:
        return "an empty value" if not plain or plain == "" else f"null ({plain})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"'{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _message(err: dict, typ: str, path: tuple, owner: Any, parent: Any, value: Any, plain: str | None) -> str:
    ctx = err.get("ctx") or {}
    last = path[-1] if path else None
    if typ == "extra_forbidden":
        fields = list(field_map(owner)) if isinstance(owner, type) and issubclass(owner, BaseModel) else []
        present = set(parent) if isinstance(parent, dict) else set()
        return f"unknown key '{last}'" + did_you_mean(str(last), [f for f in fields if f not in present])
    if typ == "missing":
        return f"missing required key '{last}'"
    if typ in ("unknown_effect", "unknown_condition"):
        keys = m.EFFECT_KEYS if typ == "unknown_effect" else m.CONDITION_KEYS
        if isinstance(value, dict):
            for k in value:
                hint = did_you_mean(str(k), keys)
                if hint:
                    return f"{err['msg']}; '{k}' is not one{hint}"
            return err["msg"]
        return f"{err['msg']} (got {_show(value, plain)})"
    if typ == "int_from_float":
        return f"expected a whole number, got {_show(value, plain)}"
    if typ.endswith("_type") or typ.endswith("_parsing"):
        want = _KIND_WORDS.get(typ.removesuffix("_type").removesuffix("_parsing"), "another type")
        got = _show(value, plain)
        message = f"expected {want}, got {got}"
        if want == "text" and plain is not None and not isinstance(value, (list, dict)):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if plain != repr(value):
                    message += f" (quote it: unquoted {plain} is the number {value!r})"
                else:
                    message += f" (quote it: '{plain}')"
            elif isinstance(value, bool):
                message += f" (quote it if you mean the word: '{plain}')"
        return message
    if typ == "literal_error":
        expected = ctx.get("expected", "")
        options = re.findall(r"'([^']*)'", str(expected))
        return f"{_show(value, plain)} is not allowed: use {expected}" + did_you_mean(value, options)
    if typ == "string_pattern_mismatch":
        if ctx.get("pattern") == m.ID_PATTERN:
            fixed = re.sub(r"[^a-z0-9_-]+", "-", str(value).strip().lower()).strip("-_")[:64]
            hint = f" (did you mean '{fixed}'?)" if fixed and _ID.match(fixed) else ""
            return f"{_show(value)} is not a valid id: {m.ID_HELP}{hint}"
        return f"{_show(value)} does not have the expected form ({ctx.get('pattern')})"
    if typ == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"is too short: at least {ctx.get('min_length')} characters"
    if typ == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters (this has {len(value)})"
    if typ == "too_short":
        n = ctx.get("min_length")
        return f"needs at least {n} item{'s' if n != 1 else ''}"
    if typ == "too_long":
        return f"has too many items: at most {ctx.get('max_length')}"
    if typ == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, not {value!r}"
    if typ == "greater_than":
        return f"must be more than {ctx.get('gt')}, not {value!r}"
    if typ == "less_than_equal":
        return f"must be at most {ctx.get('le')}, not {value!r}"
    if typ == "less_than":
        return f"must be less than {ctx.get('lt')}, not {value!r}"
    if typ == "finite_number":
        return "must be a finite number"
    if typ in ("value_error", "assertion_error"):
        msg = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            msg = msg.removeprefix(prefix)
        return msg
    return err["msg"]
