"""The one base of every data model read from a file: unknown keys are errors, values never change.

The rules file, scenarios and the session journal are all read into pydantic models built on
`StrictModel`: a misspelt key is reported instead of ignored (`extra="forbid"`), a loaded
model cannot be changed by accident (`frozen`), and each field's docstring becomes its
description in the JSON Schema (`use_attribute_docstrings`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["StrictModel"]


class StrictModel(BaseModel):
    """A frozen pydantic model that refuses unknown fields and documents each field."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
