"""Nothing typed into a minute is lost when a session ends.

The minute form carries a signed key naming who opened it and for which item. If the form
comes back after the session has ended (signed out elsewhere, or timed out, so the CSRF
check fails or nobody is signed in), the key says whose text it is: it is kept on the
server, and shown again, not yet saved, when that person signs in and opens the item.
Only the person the key was made for gets it back, and only on a page they may open.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from governors.extensions import db
from governors.minutes.models import MinuteDraft
from governors.timeutil import utcnow

# The minute form's fields a draft keeps, and the most of each it keeps.
FIELDS = {
    "revision": 20,
    "presented_by": 200,
    "discussion": 20000,
    "decisions": 20000,
    "vote_taken": 5,
    "votes_for": 20,
    "votes_against": 20,
    "votes_abstaining": 20,
    "casting_vote": 10,
}
_SALT = "governors-minute-draft"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def draft_key(user_id: int, item_id: int) -> str:
    """The key the form carries: whose text it is, for which item."""
    return _serializer().dumps({"u": user_id, "i": item_id})


def owner_of(key: str, item_id: int) -> int | None:
    """Whose text a form's key says it is, if the key is ours and for this item."""
    try:
        data = _serializer().loads(key or "")
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("i") != item_id or not isinstance(data.get("u"), int):
        return None
    return data["u"]


def keep(user_id: int, item_id: int, typed: Mapping[str, str]) -> MinuteDraft:
    """Keep what was typed (replacing an earlier kept draft of the same item)."""
    fields = {name: (typed.get(name) or "")[:limit] for name, limit in FIELDS.items()}
    draft = kept(user_id, item_id)
    if draft is None:
        draft = MinuteDraft(user_id=user_id, item_id=item_id, fields=fields)
        db.session.add(draft)
    else:
        draft.fields = fields
        draft.kept_at = utcnow()
    db.session.flush()
    return draft


def kept(user_id: int, item_id: int) -> MinuteDraft | None:
    return db.session.scalar(
        sa.select(MinuteDraft).where(MinuteDraft.user_id == user_id, MinuteDraft.item_id == item_id)
    )


def discard(user_id: int, item_id: int) -> None:
    db.session.execute(
        sa.delete(MinuteDraft).where(MinuteDraft.user_id == user_id, MinuteDraft.item_id == item_id)
    )


def as_form_data(draft: MinuteDraft) -> dict[str, Any]:
    """A kept draft as the minute form's data."""
    fields = dict(draft.fields)
    fields["vote_taken"] = bool(fields.get("vote_taken"))
    return fields
