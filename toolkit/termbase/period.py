"""When a name or a concept was in use: an ISO 8601 time interval.

A termbase keeps dated names (Tselinograd, Nur-Sultan, Alma-Ata) and
institutions of a past order (the Senate and Mazhilis before 1 July 2026).
Their periods are written as ISO 8601 intervals ``START/END`` (ISO 8601-1:2019
§ 5.5; ``..`` for an open end, ISO 8601-2:2019 § 4.4), each end ``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``: ``1961/1992``, ``2019-03-23/2022-09-19``,
``../2026-07-01``, ``2026-07-01/..``. In TBX they are the extension data
categories ``<descrip type="x-period">`` (a concept) and ``<termNote
type="x-period">`` (a term).

END is the first day on which the name was no longer in use. An end given
only as a year or a month is read generously, as the end of that year or
month: the exact day is unknown, and a name is not called wrong for a text
from the year it changed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import GlossaryError

__all__ = ["Period"]

_END = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _bound(text: str, *, start: bool) -> date | None:
    if text == "..":
        return None
    found = _END.fullmatch(text)
    if not found:
        raise ValueError(text)
    year, month, day = int(found.group(1)), found.group(2), found.group(3)
    if day is not None:
        return date(year, int(month), int(day))
    if month is not None:
        month_number = int(month)
        if start:
            return date(year, month_number, 1)
        return date(year, month_number, calendar.monthrange(year, month_number)[1]) + timedelta(days=1)
    return date(year, 1, 1) if start else date(year + 1, 1, 1)


@dataclass(frozen=True)
class Period:
    """A time interval, as written (``text``) and as dates.

    Attributes:
        text (str): the ISO 8601 interval as written, e.g. ``"1961/1992"``.
        start (date | None): the first day (None: open, since always).
        end (date | None): the first day after it (None: open, still in use).

    >>> p = Period.parse("2019-03-23/2022-09-19")
    >>> p.contains(date(2020, 5, 1)), p.contains(date(2022, 9, 19))
    (True, False)
    >>> Period.parse("../1993").end
    datetime.date(1994, 1, 1)
    """

    text: str
    start: date | None
    end: date | None

    @classmethod
    def parse(cls, text: str) -> "Period":
        """Read ``START/END``.

        Raises:
            GlossaryError: not such an interval, an impossible date, or an end
                before the start.
        """
        value = text.strip() if isinstance(text, str) else ""
        first, sep, last = value.partition("/")
        try:
            if not sep or (first == ".." and last == ".."):
                raise ValueError(value)
            start, end = _bound(first, start=True), _bound(last, start=False)
        except ValueError:
            raise GlossaryError(f"not a period: {text!r} (expected an ISO 8601 interval such as "
                                "1961/1992, 2019-03-23/2022-09-19, ../2026-07-01 or 2026-07-01/..)") from None
        if start is not None and end is not None and end <= start:
            raise GlossaryError(f"period {text!r} ends before it starts")
        return cls(value, start, end)

    def __str__(self) -> str:
        return self.text

    def contains(self, day: date) -> bool:
        """True when ``day`` falls within the period."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def overlaps(self, other: "Period") -> bool:
        """True when the two periods share a day."""
        return ((self.end is None or other.start is None or other.start < self.end)
                and (other.end is None or self.start is None or self.start < other.end))

    def ended(self, today: date) -> bool:
        """True when the period ended on or before ``today``."""
        return self.end is not None and self.end <= today
