"""Shared bits for the meetings tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from flask import url_for

# "Today" for most meetings tests: Tuesday 29 December 2026, noon in London (GMT).
TODAY = datetime(2026, 12, 29, 12, 0, tzinfo=UTC)
# Members-only details of the shared meeting: they must never reach the public.
NOTES = "Parking permit code 4471"
VIDEO = "https://teams.microsoft.com/l/meetup-join/secret-room"


def path(endpoint: str, **values: object) -> str:
    return url_for(endpoint, _external=False, **values)


def page_text(response) -> str:
    """The words a person reads on the page, without markup or scripts."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Inline elements run on with their words; block elements separate them.
    html = re.sub(r"</?(a|span|strong|b|em|abbr|code)\b[^>]*>", "", html)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html)).strip()


def meeting_form(**overrides: str) -> dict[str, str]:
    """A filled-in, valid meeting form: Council meeting on Thursday 21 January 2027."""
    data = {
        "kind": "ordinary",
        "day-day": "21",
        "day-month": "1",
        "day-year": "2027",
        "start": "14:00",
        "end": "16:30",
        "place": "Boardroom, Trust Headquarters",
        "video_link": "https://teams.microsoft.com/l/meetup-join/abc",
        "notes": "Tea from 13:30.",
    }
    data.update(overrides)
    return data
