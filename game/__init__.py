"""Kremlin's Libya Gambit: a turn-based terminal wargame of Russia's Libya policy."""

__version__ = "0.1.0"
