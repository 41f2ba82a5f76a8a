"""Pausing the cyclic garbage collector while content is loaded, parsed, linted or compiled."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector: loading a big file allocates a great deal, none of it garbage,
    and the collector would rescan it all again and again (it costs more than the validation itself).
    Nests, and works as a decorator (`@no_gc()`)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
