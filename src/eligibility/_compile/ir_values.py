"""Dated values of the compiled IR: parameters and their dated entries (with their
status, date precision and sources), the citations they rest on, and dates shown as far
as they are known. Re-exported by :mod:`eligibility._compile.ir`."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from eligibility._i18n import format as fmt
from eligibility._language.types import Type
from eligibility._model.texts import Texts, Unit
from eligibility._model.vocabulary import DatePrecision, Status

__all__ = ["BEGINNING", "Citation", "Parameter", "ParameterEntry", "date_label",
           "shown_with_unit", "unit_in"]

#: The date of a value that has always held: rule files write it ``1900-01-01``, and the
#: docs show it as "since the beginning" rather than as a date.
BEGINNING = date(1900, 1, 1)


def date_label(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """A date as far as it is known: ``2017`` for a date known by its year only,
    ``2017-03`` by its month, ``2017-03-05`` otherwise."""
    if precision is DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision is DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def unit_in(unit: Unit | None, lang: str) -> str | None:
    """A unit's name in ``lang`` (a counted noun by its general form): the one place a
    unit of the IR is read for a heading."""
    return None if unit is None else unit.texts().get(lang)


def shown_with_unit(value: Any, unit: Unit | None, lang: str,
                    labels: Mapping[str, Texts] | None = None) -> str:
    """A value of a parameter or an output in words, with its unit: ``20 000 MAD``,
    ``50 %``, ``1 enfant``, ``3 أطفال`` (a counted noun in the form the number asks for),
    ``virement bancaire`` (a text value by its label), ``oui``."""
    if isinstance(value, str):
        label = labels.get(value) if labels else None
        return label.get(lang) if label is not None else fmt.value(value, lang)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return fmt.value(value, lang)
    shown = fmt.number(value, lang)
    return unit.counted(value, shown, lang) if unit is not None else shown


@dataclass(frozen=True)
class Citation:
    """A public source a program, a parameter or a definition rests on.

    ``url`` is the address of the article itself (never a site's home page), or ``None``
    when no public address of it is known; ``quote`` holds the cited words, verbatim in
    the source's language, where the text is public.
    """

    title: str
    url: str | None = None
    date: date | None = None
    note: str | None = None
    quote: str | None = None

    @property
    def links_article(self) -> bool:
        """Whether ``url`` points at a page of a site (a path or a query after the host),
        rather than at the site's home page."""
        if self.url is None:
            return False
        rest = self.url.split("://", 1)[-1].partition("/")[2]
        return bool(rest.strip("/"))


@dataclass(frozen=True)
class ParameterEntry:
    """One dated value of a parameter, with what is known of it.

    ``status`` is effective: the entry's own, or else its parameter's (which is the
    parameter's own, or else its file's). ``precision`` says how much of ``valid_from``
    is known (a value known to change "in 2017" takes effect on 1 January 2017, shown as
    ``2017``); ``sources`` are the entry's own.
    """

    valid_from: date
    value: Any
    status: Status
    precision: DatePrecision = DatePrecision.DAY
    sources: tuple[Citation, ...] = ()

    @property
    def assumed(self) -> bool:
        """Whether the value is a labelled assumption rather than a sourced one."""
        return self.status is Status.ILLUSTRATIVE

    @property
    def date_label(self) -> str:
        """The date the value takes effect, as far as it is known (``2017``)."""
        return date_label(self.valid_from, self.precision)

    @property
    def since_beginning(self) -> bool:
        """Whether the value has always held (dated ``1900-01-01`` in the rule files)."""
        return self.valid_from <= BEGINNING


@dataclass(frozen=True, eq=False)
class Parameter:
    """A dated value: ``values`` are ``(effective date, value)`` pairs, sorted by date, and
    ``entries`` the same values with their status, date precision and sources.

    ``status`` is the parameter's effective status: its own, or else that of the file
    that defines it (each entry's default). ``scope`` is ``"program"`` for a program's
    own parameter, or the id of the definitions file a global parameter comes from.
    """

    name: str
    type: Type
    values: tuple[tuple[date, Any], ...]
    status: Status
    unit: Unit | None = None
    text: Texts | None = None
    sources: tuple[Citation, ...] = ()
    scope: str = "program"
    entries: tuple[ParameterEntry, ...] = ()

    def __post_init__(self) -> None:
        if not self.entries:  # built from plain values: each entry has the parameter's status
            object.__setattr__(self, "entries", tuple(
                ParameterEntry(when, value, self.status) for when, value in self.values))

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(d for d, _ in self.values)

    def title(self, lang: str, params: Mapping[str, Any] | None = None) -> str:
        """What the parameter is, in ``lang``, its placeholders filled from ``params`` (its
        name when it has no text)."""
        return self.text.render(lang, params or {}) if self.text is not None else self.name

    def shown(self, value: Any, lang: str) -> str:
        """One of its values in words, with its unit (``2 000 MAD``)."""
        return shown_with_unit(value, self.unit, lang)

    @property
    def assumed(self) -> bool:
        """Whether any value of the parameter is a labelled assumption."""
        return any(entry.assumed for entry in self.entries)

    def entry_at(self, on: date) -> ParameterEntry | None:
        """The entry in force on ``on`` (``None`` before the first one)."""
        index = bisect.bisect_right(self.dates, on) - 1
        return self.entries[index] if index >= 0 else None

    def assumed_on(self, on: date | None = None) -> bool:
        """Whether the value in force on ``on`` is assumed (without a date: any value)."""
        if on is None:
            return self.assumed
        entry = self.entry_at(on)
        return entry is not None and entry.assumed

    @property
    def magnitude(self) -> int | None:
        """The largest whole number it holds on any date (in a list too, in absolute
        value), or ``None`` if it never holds one: what the bounds of expressions start
        from."""
        # The bounds prover (and the parser it reads limits from) loads only when asked.
        from eligibility._language.bounds import magnitude_of_value  # noqa: PLC0415

        found = [m for _, value in self.values if (m := magnitude_of_value(value)) is not None]
        return max(found) if found else None

    def at(self, on: date) -> Any:
        """The value in force on ``on``: the latest entry dated on or before it.

        Raises ``LookupError`` before the first entry.
        """
        index = bisect.bisect_right(self.dates, on) - 1
        if index < 0:
            raise LookupError(f"parameter {self.name!r} has no value before {self.values[0][0]}")
        return self.values[index][1]
