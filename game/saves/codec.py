"""Save format: GameRecord <-> JSON dict, integrity hashes, and migrations from older format versions.

Reading is a pipeline of checks, each with its own error: bytes -> UTF-8 -> JSON -> our marker -> known
version -> payload hash -> migrations -> pydantic model -> embedded content and its hash. Replaying the
log (and checking it against the recorded turns) is game.saves.verify's job.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

import game
from game.content.canonical import canonical_json, sha256_hex
from game.model.events import UndecodableEvent, decode_all, to_json
from game.model.save import (
    FORMAT_MARKER, FORMAT_VERSION, AnnotationEntry, EndingEntry, ForkEntry, SaveFile, SavePayload, ScenarioRef,
    Snapshot, TurnEntry,
)
from game.saves.content_link import EmbeddedContentError, content_from_embedded
from game.saves.errors import (
    SaveContentMismatch, SaveForeign, SaveInvalid, SaveNewerFormat, SaveNotJSON, SavePayloadMismatch,
)
from game.saves.record import GameRecord

PAYLOAD_KEY = "payload_sha256"


# --------------------------------------------------------------------------- writing


def canonical_parts(d: dict) -> dict[str, bytes]:
    """Canonical JSON of each top-level value (the payload hash's own key left out)."""
    return {k: canonical_json(v) for k, v in d.items() if k != PAYLOAD_KEY}


def payload_hash(d: dict, parts: dict[str, bytes] | None = None) -> str:
    """SHA-256 over the canonical JSON (sorted keys, compact) of everything but the payload hash itself.
    Built from the canonical parts, byte for byte what json.dumps(sort_keys=True) gives for the whole,
    so the content's part can be reused for its own hash."""
    parts = parts if parts is not None else canonical_parts(d)
    h = hashlib.sha256(b"{")
    for i, k in enumerate(sorted(parts)):
        if i:
            h.update(b",")
        h.update(json.dumps(k, ensure_ascii=False).encode("utf-8") + b":")
        h.update(parts[k])
    h.update(b"}")
    return h.hexdigest()


def record_to_dict(record: GameRecord, updated: str | None = None) -> dict:
    """The save (current format) of a record, payload hash included. Does not change the record."""
    resolved = record.resolved
    st = record.state
    out = record.outcome
    ending = None
    if out is not None:
        text = next((e.text for e in resolved.scenario.endings if e.id == out.ending), "")
        ending = EndingEntry(id=out.ending, title=out.title, text=text, score=out.score, breakdown=out.breakdown)
    fork_of = None
    if record.fork_of is not None:
        f = record.fork_of
        fork_of = ForkEntry(game_id=f.game_id, payload_sha256=f.payload_sha256, file=f.file, turn=f.turn)
    payload = SavePayload(
        format=FORMAT_MARKER,
        format_version=FORMAT_VERSION,
        engine_version=game.__version__,
        game_id=record.game_id,
        scenario=ScenarioRef(id=record.rules.id, title=record.rules.title),
        content=resolved.embedded,
        content_sha256=resolved.content_hash,
        seed=record.seed,
        player=record.player,
        created=record.created,
        updated=updated or record.updated or record.created,
        decisions=record.log,
        turns=[TurnEntry(turn=t.turn, date=t.date, decisions=t.decisions, events=t.events, meters=t.meters,
                         state_hash=t.state_hash) for t in record.turns],
        current=Snapshot(turn=st.turn, over=st.over, meters=st.meters, state_hash=record.state_hash),
        ending=ending,
        annotations=[AnnotationEntry(turn=turn, text=a.text, at=a.at)
                     for turn in sorted(record.annotations) for a in record.annotations[turn]],
        fork_of=fork_of,
        classroom=record.classroom,
    )
    # the embedded content is JSON data already (the loader's own dump): put it in as it is rather than
    # serialise it again, which would take longer than the rest of a short game's save
    dumped = payload.model_dump(mode="json", exclude={"content"})
    # a game played under no class pack has no `classroom` key at all: such a save reads as before
    d = {name: resolved.embedded if name == "content" else dumped[name] for name in SavePayload.model_fields
         if name != "classroom" or record.classroom is not None}
    d[PAYLOAD_KEY] = payload_hash(d)
    return d


def dumps(d: dict) -> bytes:
    """The file's bytes: one line per top-level key, compact inside (readable, and small enough to load
    a 200-turn game fast)."""
    lines = [json.dumps(k) + ":" + json.dumps(d[k], ensure_ascii=False, separators=(",", ":")) for k in d]
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


# --------------------------------------------------------------------------- migrations


def migrate_1_to_2(d: dict) -> dict:
    """Format 1 called the decision log `moves`, had no annotations, forks or game id."""
    d = dict(d)
    d["decisions"] = d.pop("moves", [])
    turns = []
    for t in d.get("turns") or []:
        if isinstance(t, dict):
            t = dict(t)
            t["decisions"] = t.pop("moves", [])
        turns.append(t)
    d["turns"] = turns
    d.setdefault("annotations", [])
    d.setdefault("fork_of", None)
    d.setdefault("game_id", "v1-" + str(d.get(PAYLOAD_KEY, ""))[:12])
    d["format_version"] = 2
    return d


def migrate_2_to_3(d: dict) -> dict:
    """Format 2 stored each event as the engine's positional tuple (causes as nested lists); format 3 stores
    them by name (game.model.events)."""
    d = dict(d)
    turns = []
    for t in d.get("turns") or []:
        if isinstance(t, dict) and isinstance(t.get("events"), list):
            try:
                t = dict(t, events=[to_json(e) for e in decode_all(t["events"])])
            except UndecodableEvent as exc:
                raise ValueError(f"turn {t.get('turn')}: {exc}") from None
        turns.append(t)
    d["turns"] = turns
    d["format_version"] = 3
    return d


# version N -> function giving version N+1, applied in order
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: migrate_1_to_2, 2: migrate_2_to_3}


def migrate(d: dict) -> dict:
    version = d["format_version"]
    while version < FORMAT_VERSION:
        d = MIGRATIONS[version](d)
        version = d["format_version"]
    return d


# --------------------------------------------------------------------------- reading


@dataclass
class SaveData:
    """A save that passed every check short of replaying its log."""

    model: SaveFile
    resolved: Any
    payload_sha256: str  # of the file as written (before any migration)
    format_version: int  # as written
    path: Path | None = None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in a save")


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def _unclosed(text: str) -> bool:
    """True when the text stops inside a string or with brackets left open: a cut file, not a damaged one."""
    rest = _STRING.sub("", text)
    if '"' in rest:
        return True
    return rest.count("{") + rest.count("[") > rest.count("}") + rest.count("]")


def parse_json(raw: bytes, path: Path | None = None) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveNotJSON(
            f"not a save: the file is not UTF-8 text (bad byte at offset {exc.start}); it is damaged or "
            "not a save", path) from None
    if not text.strip():
        raise SaveNotJSON("the file is empty: the save was never written completely", path)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        if _unclosed(text):
            raise SaveNotJSON(
                f"the file ends early (line {exc.lineno}, column {exc.colno}): it is truncated, or was "
                "not written completely", path) from None
        raise SaveNotJSON(
            f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}): the file is damaged or "
            "not a save", path) from None
    except ValueError as exc:
        raise SaveNotJSON(f"not valid save JSON: {exc}", path) from None
    except RecursionError:
        raise SaveNotJSON("not a save: the JSON is nested too deeply", path) from None


def check_envelope(d: Any, path: Path | None = None) -> int:
    """Marker and version; returns the version as written."""
    if not isinstance(d, dict) or d.get("format") != FORMAT_MARKER:
        raise SaveForeign(
            f'this JSON file is not a Kremlin\'s Libya Gambit save (no "format": "{FORMAT_MARKER}" marker)', path)
    version = d.get("format_version")
    if type(version) is not int or version < 1:
        raise SaveInvalid(f"the save has no usable format version (found {version!r})", path)
    if version > FORMAT_VERSION:
        raise SaveNewerFormat(
            f"this save was written by a newer version (format {version}); this game reads up to format "
            f"{FORMAT_VERSION}: upgrade the game", path)
    return version


def check_payload(d: dict, path: Path | None = None, parts: dict[str, bytes] | None = None) -> str:
    stored = d.get(PAYLOAD_KEY)
    if not isinstance(stored, str):
        raise SavePayloadMismatch("the save has no payload hash: it is damaged or was edited by hand", path)
    actual = payload_hash(d, parts)
    if actual != stored:
        raise SavePayloadMismatch(
            "the save was changed or damaged after it was written (payload hash mismatch): it cannot be "
            "trusted", path)
    return stored


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"]) or "(top)"
        parts.append(f"{loc}: {err['msg']}")
    more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return "; ".join(parts) + more


def parse_save(raw: bytes, path: Path | None = None) -> SaveData:
    d = parse_json(raw, path)
    version = check_envelope(d, path)
    parts = canonical_parts(d)
    stored = check_payload(d, path, parts)
    try:
        d = migrate(d)
    except Exception as exc:  # a migration meeting a malformed old file
        raise SaveInvalid(f"the format {version} save could not be migrated: {exc}", path) from None
    try:
        model = SaveFile.model_validate(d)
    except ValidationError as exc:
        raise SaveInvalid(f"the save's fields are not valid: {_validation_message(exc)}", path) from None
    # the content hash is over the same canonical JSON as the loader's: check it before rebuilding
    digest = hashlib.sha256(parts["content"]).hexdigest() if "content" in parts else sha256_hex(model.content)
    if digest != model.content_sha256:
        raise SaveContentMismatch(
            "the embedded content does not match its SHA-256: the scenario or decks in the save were "
            "changed after the game was played", path)
    try:
        resolved = content_from_embedded(model.content, digest)
    except EmbeddedContentError as exc:
        raise SaveInvalid(f"the content embedded in the save is not valid: {exc}", path) from None
    if resolved.content_hash != model.content_sha256:  # a loader that hashes differently: trust it
        raise SaveContentMismatch(
            "the embedded content does not match its SHA-256: the scenario or decks in the save were "
            "changed after the game was played", path)
    return SaveData(model, resolved, stored, version, path)
