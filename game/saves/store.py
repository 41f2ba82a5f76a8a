"""Saves on disk: atomic writes, named saves, rotating autosaves, loading, listing, simulated games.

Writing never leaves a half-written save where a good one was: the bytes go to a temp file in the same
folder, are flushed and fsynced, then `os.replace`d over the target, and the folder is fsynced. A kill at
any point leaves either the old file or the new one. Each autosave goes to a new file, and only the
older ones beyond the last two are pruned.
"""

from __future__ import annotations

import errno
import os
import stat
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from game.paths import default_saves_dir
from game.saves.codec import (
    SaveData, check_envelope, check_payload, dumps, parse_json, parse_save, record_to_dict,
)
from game.saves.errors import (
    SaveError, SaveExists, SaveIsDirectory, SaveNotFound, SaveReplayError, SaveUnreadable, SaveWriteError,
)
from game.saves.record import GameRecord, now_utc

MAX_SAVE_BYTES = 256 * 1024 * 1024  # far above any real game; refuses absurd files before reading them
SUFFIX = ".json"
AUTOSAVE_PREFIX = "autosave-"
KEEP_AUTOSAVES = 2

# Test hook: called as _test_hook(stage, info) at "chunk" (after each chunk written), "fsync", "replace"
# and "dirsync". Tests use it to kill the writer mid-write or to simulate disk errors.
_test_hook: Callable[[str, int], None] | None = None
_CHUNK = 1 << 16


# --------------------------------------------------------------------------- atomic write


def _write_error(exc: OSError, path: Path) -> SaveWriteError:
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        why = "the disk is full"
    elif code in (errno.EACCES, errno.EPERM):
        why = "permission denied"
    elif code == errno.EROFS:
        why = "the folder is on a read-only file system"
    elif code == errno.ENOENT:
        why = "the folder no longer exists"
    elif code == errno.ENOTDIR:
        why = "a part of the folder's path is a file, not a folder"
    else:
        why = exc.strerror or str(exc)
    return SaveWriteError(f"could not write the save: {why}; the previous save and the game in memory are "
                          "unchanged", path)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new, never a mix."""
    path = Path(path)
    folder = path.parent
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:  # mkstemp makes owner-only files; a save gets the usual permissions (or keeps its old ones)
            os.fchmod(fd, _mode_for(path))
        except (AttributeError, OSError):
            pass
        with os.fdopen(fd, "wb") as f:
            for i in range(0, max(len(data), 1), _CHUNK):
                f.write(data[i:i + _CHUNK])
                if _test_hook is not None:
                    f.flush()
                    _test_hook("chunk", i // _CHUNK)
            f.flush()
            if _test_hook is not None:
                _test_hook("fsync", 0)
            os.fsync(f.fileno())
        if _test_hook is not None:
            _test_hook("replace", 0)
        os.replace(tmp, path)
        tmp = None
        if _test_hook is not None:
            _test_hook("dirsync", 0)
        _fsync_dir(folder)
    except OSError as exc:
        raise _write_error(exc, path) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # platforms without directory fds (Windows): os.replace is the best we get
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _ensure_dir(folder: Path) -> Path:
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SaveWriteError("the saves folder's path is a file, not a folder", folder) from None
    except OSError as exc:
        raise _write_error(exc, folder) from None
    if not folder.is_dir():
        raise SaveWriteError("the saves folder's path is not a folder", folder)
    return folder


# --------------------------------------------------------------------------- names

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


MAX_STEM_BYTES = 80  # of UTF-8: with a prefix, a turn and a suffix, far below the 255 a file system allows


def slugify(name: str, fallback: str = "save", max_bytes: int = MAX_STEM_BYTES) -> str:
    """The one way a name (a student's, a save's) becomes part of a file name. Letters, the marks that go with
    them and digits of any script are kept (NFKC, lowercase: "Ana María" -> "ana-maría"); everything else
    (path separators, dots and so `..`, spaces, control and invisible characters) becomes '-', runs of '-'
    one, none at the ends; at most `max_bytes` bytes of UTF-8, cut between characters; a name Windows
    reserves (con, nul, com1 ...) gets '-save'; nothing left: `fallback`. So never a path outside the
    folder, and never a hidden file."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    if text.endswith(SUFFIX):
        text = text[: -len(SUFFIX)]
    kept = []
    for ch in text:
        kept.append(ch if unicodedata.category(ch)[0] in "LMN" else "-")
    text = re.sub(r"-+", "-", "".join(kept)).strip("-")
    text = text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").strip("-")
    while text and unicodedata.category(text[0])[0] == "M":  # a mark without the letter it went with
        text = text[1:].lstrip("-")
    if not text:
        text = fallback
    if text in _WINDOWS_RESERVED:
        text += "-save"
    return text


def student_part(record: GameRecord, max_bytes: int = 40) -> str:
    """The student's name as a part of the game's file names ('' for a game without one, or a bot's)."""
    player = record.player or ""
    return "" if not player or player.startswith("bot:") else slugify(player, "", max_bytes)


def default_name(record: GameRecord) -> str:
    parts = [p for p in (student_part(record), record.rules.id, record.game_id) if p]
    return "-".join(parts)


# --------------------------------------------------------------------------- writing


def _serialize(record: GameRecord, updated: str) -> tuple[bytes, str]:
    if not record.verified:
        raise SaveError("this game was read from a log that does not replay: it can be reported on, not saved "
                        "again", record.path)
    d = record_to_dict(record, updated=updated)
    return dumps(d), d["payload_sha256"]


def _game_id_of(path: Path) -> str | None:
    """The game id a file at `path` belongs to, or None if it is unreadable or not a save."""
    try:
        raw = path.read_bytes()
        d = parse_json(raw, path)
        check_envelope(d, path)
        gid = d.get("game_id")
        return gid if isinstance(gid, str) else None
    except (OSError, SaveError):
        return None


def save_game(record: GameRecord, saves_dir: Path | str | None = None, name: str | None = None,
              overwrite: bool = False) -> Path:
    """Save under a safe name in `saves_dir` (default: game.paths.default_saves_dir()).

    Saving the same game again under its name replaces its file (atomically); another game's file of the
    same name is only replaced with `overwrite=True`. On error, raises SaveWriteError/SaveExists and
    leaves the record as it was.
    """
    folder = _ensure_dir(Path(saves_dir) if saves_dir is not None else default_saves_dir())
    stem = slugify(name) if name else default_name(record)
    if stem.startswith(AUTOSAVE_PREFIX):  # autosave rotation prunes those names: keep named saves apart
        stem = "save-" + stem
    path = folder / (stem + SUFFIX)
    if path.is_dir():
        raise SaveExists("a folder has that name; choose another name", path)
    if path.exists() and not overwrite and _game_id_of(path) != record.game_id:
        raise SaveExists(
            f"a save named “{stem}” already exists for another game (or cannot be read); choose another name, "
            "or overwrite it explicitly", path)
    updated = now_utc()
    data, digest = _serialize(record, updated)
    atomic_write(path, data)
    # only now, with the file safely in place, does the record change
    record.updated = updated
    record.unsaved_turns = 0
    record.dirty = False
    record.path = path
    record.payload_sha256 = digest
    return path


def resave(record: GameRecord) -> Path:
    """Write a record back into the file it came from (notes added in the replay viewer go into the save
    they annotate, autosave or named), atomically; a record with no file is saved under its default name.
    An autosave stays an autosave: it does not count as a named save."""
    path = record.path
    if path is None:
        return save_game(record)
    path = Path(path)
    if not path.name.startswith(AUTOSAVE_PREFIX):
        return save_game(record, path.parent, name=path.stem)
    updated = now_utc()
    data, digest = _serialize(record, updated)
    atomic_write(path, data)
    record.updated = updated
    record.payload_sha256 = digest
    return path


def _autosave_files(folder: Path, game_id: str | None = None) -> list[tuple[int, Path]]:
    # autosave-<game>-[<student>-]t<turn>-<seq>.json: the game id comes first, the sequence number last
    prefix = AUTOSAVE_PREFIX + (f"{game_id}-" if game_id else "")
    out = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for p in entries:
        n = p.name
        if not (n.startswith(prefix) and n.endswith(SUFFIX)):
            continue
        num = n[: -len(SUFFIX)].rsplit("-", 1)[-1]
        if num.isdigit():
            out.append((int(num), p))
    out.sort()
    return out


def autosave(record: GameRecord, saves_dir: Path | str | None = None) -> Path:
    """Autosave to a new file (autosave-<game>-[<student>-]t<turn>-<seq>.json, seq one more than this game's
    last; the student's name, made safe, tells a class folder's files apart), then prune this game's
    autosaves beyond the last two. No file is ever overwritten, so the last good one survives whatever
    happens to this write. Does not count as a named save: `unsaved_turns` and `dirty` are kept."""
    folder = _ensure_dir(Path(saves_dir) if saves_dir is not None else default_saves_dir())
    existing = _autosave_files(folder, record.game_id)
    seq = existing[-1][0] + 1 if existing else 1
    who = student_part(record)
    stem = "-".join(p for p in (AUTOSAVE_PREFIX + record.game_id, who, f"t{record.turn:03d}", f"{seq:05d}") if p)
    path = folder / (stem + SUFFIX)
    data, _digest = _serialize(record, now_utc())
    atomic_write(path, data)
    for _n, old in _autosave_files(folder, record.game_id)[:-KEEP_AUTOSAVES]:
        try:
            old.unlink()
        except OSError:
            pass  # pruning is housekeeping; a failure here loses nothing
    return path


# --------------------------------------------------------------------------- reading


def read_bytes(path: Path | str) -> bytes:
    path = Path(path)
    try:
        if path.is_dir():
            raise SaveIsDirectory("this is a folder, not a save file", path)
        st = path.stat()
        size = st.st_size
        if not stat.S_ISREG(st.st_mode):
            # a FIFO or device would block the reader forever
            raise SaveUnreadable("not a regular file, so not a save", path)
    except FileNotFoundError:
        raise SaveNotFound("no save file here (check the name and folder)", path) from None
    except NotADirectoryError:
        raise SaveNotFound("no save file here (a part of the path is a file)", path) from None
    except PermissionError:
        raise SaveUnreadable("permission denied: the save cannot be read", path) from None
    except OSError as exc:
        raise SaveUnreadable(f"the save cannot be read: {exc.strerror or exc}", path) from None
    if size > MAX_SAVE_BYTES:
        raise SaveUnreadable(f"the file is too large to be a save ({size} bytes)", path)
    try:
        return path.read_bytes()
    except PermissionError:
        raise SaveUnreadable("permission denied: the save cannot be read", path) from None
    except IsADirectoryError:
        raise SaveIsDirectory("this is a folder, not a save file", path) from None
    except OSError as exc:
        raise SaveUnreadable(f"the save cannot be read: {exc.strerror or exc}", path) from None


def read_save(path: Path | str) -> SaveData:
    """Read and check a save (format, integrity, content), without replaying its log."""
    path = Path(path)
    return parse_save(read_bytes(path), path)


def _finish(record: GameRecord, data: SaveData) -> GameRecord:
    from game.saves.record import Annotation, ForkOf

    m = data.model
    record.annotations = {}
    for a in m.annotations:
        record.annotations.setdefault(a.turn, []).append(Annotation(a.text, a.at))
    if m.fork_of is not None:
        f = m.fork_of
        record.fork_of = ForkOf(f.game_id, f.payload_sha256, f.file, f.turn)
    record.classroom = m.classroom
    record.created = m.created
    record.updated = m.updated
    record.path = data.path
    record.payload_sha256 = data.payload_sha256
    record.unsaved_turns = 0
    record.dirty = False
    record.turn_just_ended = None
    return record


def record_from_data(data: SaveData) -> GameRecord:
    """Replay a checked save into a live record, or raise SaveReplayError naming the first bad turn."""
    from game.saves.verify import check

    report, record = check(data)
    if not report.ok:
        raise SaveReplayError(f"the decision log does not replay to the saved game: {report.message}",
                              data.path, report.first_divergence)
    return _finish(record, data)


def load_game(path: Path | str) -> GameRecord:
    """Load a save into a live record that continues exactly where it was saved."""
    return record_from_data(read_save(path))


def load_for_report(path: Path | str) -> GameRecord:
    """Like load_game, but a save whose log no longer replays (the engine changed since, or the file was
    re-embedded) is still read, from the turns it recorded, as an unverified record (`verified` False,
    `verify_note` says why) that reports can show and flag. Other damage raises SaveError as usual."""
    data = read_save(path)
    try:
        return record_from_data(data)
    except SaveReplayError as exc:
        return stored_record(data, exc.message)


def stored_record(data: SaveData, note: str) -> GameRecord:
    """A record built from what the file says happened (its turn logs and snapshot), without replaying."""
    from game.saves.record import StoredState, TurnLog, decision_from_json

    m = data.model
    rules = data.resolved.rules
    cur = m.current
    state = StoredState(rules, cur.turn, dict(cur.meters), cur.over, m.ending.id if m.ending else None)
    record = GameRecord(resolved=data.resolved, seed=m.seed, state=state, player=m.player, game_id=m.game_id,
                        created=m.created, updated=m.updated)
    record.log = [decision_from_json(x) for x in m.decisions]
    record.turns = [TurnLog(t.turn, t.date, [decision_from_json(x) for x in t.decisions], list(t.events),
                            dict(t.meters), t.state_hash) for t in m.turns]
    done = sum(len(t.decisions) for t in m.turns)
    record.current_decisions = record.log[done:]
    record.current_events = []  # the turn in progress is not recorded event by event
    record.verified = False
    record.verify_note = note
    if m.ending is not None:
        from game.engine import Outcome

        e = m.ending
        record.stored_outcome = Outcome(e.id, e.title, e.score, dict(e.breakdown))
    return _finish(record, data)


@dataclass
class SaveInfo:
    path: Path
    scenario_id: str | None = None
    scenario_title: str | None = None
    turn: int | None = None
    over: bool = False
    ending: str | None = None  # ending title
    player: str | None = None  # the student, in a class
    saved_at: str | None = None
    game_id: str | None = None
    autosave: bool = False
    damaged: bool = False
    reason: str = ""
    decisions: int = 0  # how many decisions the save holds
    classroom: str | None = None  # the title of the class pack it was played under

    @property
    def title(self) -> str:
        """What the save is, in the player's words: "Tripoli, April 2019 — turn 6 — 30 Nov 14:05", with the
        student's name first when the game has one; a damaged file is named by its file name."""
        if self.damaged:
            return self.path.name
        return game_title(self.scenario_title or self.scenario_id or "a game", self.turn, self.saved_at,
                          self.player)

    @property
    def name(self) -> str | None:
        """The name a named save was given (its file name without .json); None for an autosave."""
        return None if self.autosave else self.path.stem


def short_title(scenario_title: str) -> str:
    """A scenario's title up to its colon: "Tripoli, April 2019: Haftar's offensive" -> "Tripoli, April 2019"."""
    return scenario_title.split(":", 1)[0].strip() or scenario_title


def player_label(player: str | None) -> str | None:
    """A save's player as a person reads it: the student's name, "random bot" for "bot:random", or None."""
    if not player:
        return None
    if player.startswith("bot:"):
        return f"{player[4:] or 'a'} bot"
    return player


def when_saved(iso: str | None, now: datetime | None = None) -> str:
    """'2026-11-30T14:05:09+00:00' -> '30 Nov 14:05' in local time ('30 Nov 2025 14:05' in another year)."""
    if not iso:
        return "date unknown"
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    now = now or datetime.now().astimezone()
    day = f"{moment.day} {moment:%b}" + ("" if moment.year == now.year else f" {moment.year}")
    return f"{day} {moment:%H:%M}"


def game_title(scenario_title: str, turn: int | None, saved_at: str | None, player: str | None = None) -> str:
    """"Ada — Tripoli, April 2019 — turn 6 — 30 Nov 14:05": who played (when a person did), the scenario, the
    turn it is on and when it was saved. One wording for the save lists, the debrief and the title screen."""
    parts = [p for p in (player_label(player), short_title(scenario_title),
                         f"turn {turn}" if turn else None, when_saved(saved_at)) if p]
    return " — ".join(parts)


def listing(saves_dir: Path | str | None = None) -> list[SaveInfo]:
    """The saves a player chooses from: named saves (newest first), then one entry per game for its
    autosaves (the latest of each, newest first), then damaged files. A game's named saves are all listed:
    each was made on purpose."""
    infos = list_saves(saves_dir)
    named = [i for i in infos if not i.damaged and not i.autosave]
    latest: dict[str, SaveInfo] = {}
    for info in infos:  # newest first: the first autosave of each game is its latest
        if info.autosave and not info.damaged:
            latest.setdefault(info.game_id or str(info.path), info)
    damaged = [i for i in infos if i.damaged]
    return named + list(latest.values()) + damaged


def _info(path: Path) -> SaveInfo:
    info = SaveInfo(path=path, autosave=path.name.startswith(AUTOSAVE_PREFIX))
    try:
        d = parse_json(read_bytes(path), path)
        check_envelope(d, path)
        check_payload(d, path)
        sc = d.get("scenario") or {}
        cur = d.get("current") or {}
        end = d.get("ending") or {}
        info.scenario_id = sc.get("id")
        info.scenario_title = sc.get("title")
        info.turn = cur.get("turn")
        info.over = bool(cur.get("over"))
        info.ending = end.get("title") if isinstance(end, dict) else None
        info.player = d.get("player")
        info.saved_at = d.get("updated")
        info.game_id = d.get("game_id")
        info.decisions = len(d.get("decisions") or [])
        classroom = d.get("classroom")
        info.classroom = classroom.get("title") if isinstance(classroom, dict) else None
    except SaveError as exc:
        info.damaged = True
        info.reason = exc.message
    except Exception as exc:  # a listing never raises for one bad file
        info.damaged = True
        info.reason = f"unreadable: {exc}"
    return info


def list_saves(saves_dir: Path | str | None = None) -> list[SaveInfo]:
    """Every *.json in the folder, newest first; damaged files are listed with `damaged` and a reason.
    Checks format and payload hash (fast), not the replay. Never raises for a bad file."""
    folder = Path(saves_dir) if saves_dir is not None else default_saves_dir()
    try:
        paths = [p for p in folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith(".")]
    except OSError:
        return []
    infos = [_info(p) for p in paths if not p.is_dir()]
    infos.sort(key=lambda i: (i.saved_at or "", i.path.name), reverse=True)
    return infos


def latest_autosave(saves_dir: Path | str | None = None) -> Path | None:
    """The most recent autosave that reads as good, or None."""
    folder = Path(saves_dir) if saves_dir is not None else default_saves_dir()
    good = [i for i in list_saves(folder) if i.autosave and not i.damaged]
    if not good:
        return None
    good.sort(key=lambda i: (i.saved_at or "", _mtime(i.path)), reverse=True)
    return good[0].path


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


# --------------------------------------------------------------------------- headless games


def play_headless(resolved, seed: int, policy="random", player: str | None = None, classroom=None,
                  policy_seed: int | None = None) -> GameRecord:
    """Play a whole game through GameRecord with a bot policy (the same choices as engine.play.play_game;
    `policy_seed`, default the game's seed, seeds the bot's own choices), under a class pack's settings
    (`classroom`, game.model.save.ClassroomEntry) when given."""
    from game.engine.play import MAX_DECISIONS_PER_TURN
    from game.engine.policies import POLICIES, policy_rng

    name = policy if isinstance(policy, str) else getattr(policy, "__name__", "policy")
    pol = POLICIES[policy] if isinstance(policy, str) else policy
    record = GameRecord.start(resolved, seed, player=player or f"bot:{name}", classroom=classroom)
    prng = policy_rng(int(seed if policy_seed is None else policy_seed))
    limit = MAX_DECISIONS_PER_TURN * (record.rules.turns + 1)
    while not record.over and len(record.log) <= limit:
        record.apply(pol(record.state, record.legal_decisions(), prng))
    return record


def write_simulated_game(resolved, seed: int, policy="random", save_dir: Path | str | None = None,
                         classroom=None, game: int | None = None) -> Path:
    """Play one game headless and save it as `sim-<scenario>-<policy>-<seed>.json` (replacing the file of
    an earlier run with the same name: simulated games are reproducible). Under a class pack (`classroom`),
    game number `game` of a class whose pack may give everyone the same seed: the bot's choices are seeded
    by the game number, and the file is `sim-<class>-<policy>-<game>.json`."""
    name = policy if isinstance(policy, str) else getattr(policy, "__name__", "policy")
    if classroom is None:
        record = play_headless(resolved, seed, policy)
        return save_game(record, save_dir, name=f"sim-{record.rules.id}-{name}-{seed}", overwrite=True)
    number = seed if game is None else game
    record = play_headless(resolved, seed, policy, classroom=classroom, policy_seed=number)
    return save_game(record, save_dir, name=f"sim-{classroom.id}-{name}-{number}", overwrite=True)
