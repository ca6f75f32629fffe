"""What a person reads next to a machine value: the models keep their machine values (the
stable API) and add labels in the language asked for."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["OutputLabel"]


class OutputLabel(BaseModel):
    """An amount or a detail of a decision as a person reads it, in the decision's
    language: what it is (``label``) and its value in words, with its unit (``value``:
    *20 000 MAD*, *virement bancaire*, *oui*)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    label: str
    value: str
