"""What every content model shares: the strict base class and the constrained value types.

Its own module so that the vocabulary (game.model.vocabulary) and the documents built from it
(game.model.content) both stand on it without importing each other in a circle.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
ID_HELP = "ids are 1-64 lowercase letters, digits, '-' or '_', starting with a letter or digit"

Id = Annotated[str, Field(pattern=ID_PATTERN, description=ID_HELP)]
Percent = Annotated[int, Field(ge=0, le=100)]
# Meters live on a bounded scale; the bound keeps absurd numbers out of the engine.
MeterValue = Annotated[int, Field(ge=-1000, le=1000)]


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, values are not coerced across types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)
