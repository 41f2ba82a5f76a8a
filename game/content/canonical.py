"""Canonical JSON, the bytes every content and save hash is taken over: sorted keys, compact, UTF-8."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: Any) -> str:
    """SHA-256 of the canonical JSON of `data` (the content hash of embedded content, for one)."""
    return hashlib.sha256(canonical_json(data)).hexdigest()
