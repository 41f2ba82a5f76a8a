"""Saves: the live game record, save/load with integrity checks, autosaves, replay verification, forks.

    from game.saves import GameRecord, save_game, autosave, load_game, list_saves, verify, fork
    from game.saves import collect_saves     # a class's folder: one save per game
"""

from __future__ import annotations

from pathlib import Path

from game.saves.errors import (
    SaveContentMismatch, SaveError, SaveExists, SaveForeign, SaveInvalid, SaveIsDirectory, SaveNewerFormat,
    SaveNotFound, SaveNotJSON, SavePayloadMismatch, SaveReplayError, SaveUnreadable, SaveWriteError,
)
from game.saves.folders import Collected, collect_saves
from game.saves.record import Annotation, ForkOf, GameRecord, TurnLog, fork
from game.saves.store import (
    SaveInfo, autosave, latest_autosave, list_saves, load_for_report, load_game, play_headless, read_save,
    save_game, write_simulated_game,
)
from game.saves.verify import VerifyReport


def verify(path_or_record) -> VerifyReport:
    """Re-simulate a save (a path) or a live record against its embedded content; check every turn's
    decisions, events (chance results included), meters and state hash. Raises SaveError when the file
    itself cannot be read or trusted (damaged, foreign, tampered ...)."""
    from game.saves.verify import check, verify_record

    if isinstance(path_or_record, GameRecord):
        if not path_or_record.verified:
            return VerifyReport(False, 0, None, path_or_record.verify_note, [], path_or_record.path)
        return verify_record(path_or_record)
    return check(read_save(Path(path_or_record)))[0]


__all__ = [
    "Annotation", "Collected", "ForkOf", "GameRecord", "SaveContentMismatch", "SaveError", "SaveExists", "SaveForeign",
    "SaveInfo", "SaveInvalid", "SaveIsDirectory", "SaveNewerFormat", "SaveNotFound", "SaveNotJSON",
    "SavePayloadMismatch", "SaveReplayError", "SaveUnreadable", "SaveWriteError", "TurnLog", "VerifyReport",
    "autosave", "collect_saves", "fork", "latest_autosave", "list_saves", "load_for_report", "load_game", "play_headless", "read_save",
    "save_game", "verify", "write_simulated_game",
]
