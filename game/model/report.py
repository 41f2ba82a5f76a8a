"""Typed results of the headless commands (`check`, `simulate`, save verification, the debrief) and their
one JSON form.

A result is a dataclass deriving from `JsonReport`; `to_json()` turns it into JSON-ready data: nested
dataclasses and dicts become objects, tuples lists, paths strings, non-finite floats null, and a field named
with a trailing underscore (`from_`, a Python keyword) keeps the plain name.
"""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from pathlib import PurePath
from typing import Any


class JsonReport:
    """Base of the typed results (a mixin: it adds no field)."""

    __slots__ = ()

    def to_json(self) -> dict:
        return jsonable(self)


def jsonable(value: Any) -> Any:
    """`value` as data `json.dumps` writes as it is."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name[:-1] if f.name.endswith("_") else f.name: jsonable(getattr(value, f.name))
                for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
