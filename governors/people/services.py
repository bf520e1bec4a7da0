"""Every change to people goes through here: one transaction, audited, mail queued.

Services take the acting person explicitly, change objects, write the audit entry and
queue email, then flush. They never commit: the view does, once per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from governors.audit.services import record
from governors.council.models import current_settings
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import GovernorProfile, Role, User, verify_password
from governors.people.tokens import Purpose, describe_max_age, make_token
from governors.timeutil import utcnow


@dataclass(frozen=True)
class GovernorDetails:
    constituency: str
    area: str | None
    route: str
    term_start: date
    term_end: date


@dataclass(frozen=True)
class PersonDetails:
    name: str
    email: str
    roles: frozenset[Role]
    governor: GovernorDetails | None = None


def summary(user: User) -> dict[str, Any]:
    """A person as plain JSON for the audit log: roles sorted, dates as ISO strings."""
    profile = user.governor_profile
    data: dict[str, Any] = {
        "name": user.name,
        "email": user.email,
        "roles": sorted(role.value for role in user.roles),
        "active": user.active,
    }
    if profile is not None:
        data |= {
            "constituency": profile.constituency,
            "area": profile.area,
            "route": profile.route,
            "term_start": profile.term_start.isoformat(),
            "term_end": profile.term_end.isoformat(),
        }
    return data


def _difference(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _apply(user: User, details: PersonDetails) -> None:
    user.name = details.name.strip()
    user.email = details.email.strip().lower()
    user.set_roles(set(details.roles))
    governor = details.governor if Role.GOVERNOR in details.roles else None
    if governor is None:
        # Someone who stops being a governor keeps their account; the profile goes,
        # and the audit entry keeps what it said.
        user.governor_profile = None
        return
    profile = user.governor_profile or GovernorProfile()
    profile.constituency = governor.constituency
    profile.area = (governor.area or "").strip() or None
    profile.route = governor.route
    profile.term_start = governor.term_start
    profile.term_end = governor.term_end
    user.governor_profile = profile


def _check(details: PersonDetails) -> None:
    if not details.roles:
        raise Refused("Select at least one role", "roles")
    if Role.LEAD_GOVERNOR in details.roles and Role.GOVERNOR not in details.roles:
        raise Refused("A lead governor must also be a governor. Select Governor too", "roles")
    if Role.GOVERNOR in details.roles:
        governor = details.governor
        if governor is None:
            raise Refused("Select the governor's constituency", "constituency")
        if governor.term_end <= governor.term_start:
            raise Refused("Term end date must be after the term start date", "term_end")


def _email_taken(email: str, person: User | None) -> bool:
    other = db.session.scalar(sa.select(User.id).where(User.email == email.strip().lower()))
    return other is not None and (person is None or other != person.id)


def _queue_invitation(user: User, actor: User) -> None:
    settings = current_settings()
    link = absolute_url(
        "governors.auth.accept_invitation", token=make_token(user, Purpose.INVITATION)
    )
    queue_email(
        user.email,
        f"You are invited to the {settings.council_name} website",
        "governors/email/invitation.txt",
        person=user,
        inviter=actor,
        link=link,
        lasts=describe_max_age(Purpose.INVITATION),
        council_name=settings.council_name,
        trust_name=settings.trust_name,
        forgot_link=absolute_url("governors.auth.forgot_password"),
    )


def invite_person(actor: User, details: PersonDetails) -> User:
    """Add a person without a password and email them a link to set one."""
    _check(details)
    if _email_taken(details.email, None):
        raise Refused("Someone already has this email address", "email")
    user = User(name=details.name, email=details.email, active=True, password_hash=None)
    db.session.add(user)
    _apply(user, details)
    db.session.flush()
    record(
        actor,
        "person.invited",
        user,
        f"Invited {user.name}",
        after=summary(user),
    )
    _queue_invitation(user, actor)
    db.session.flush()
    return user


def update_person(actor: User, user: User, details: PersonDetails) -> bool:
    """Change a person's details; False (and nothing written) when nothing changed."""
    _check(details)
    if _email_taken(details.email, user):
        raise Refused("Someone else already has this email address", "email")
    if actor.id == user.id and Role.SECRETARY in user.roles and Role.SECRETARY not in details.roles:
        raise Refused(
            "You cannot remove your own board secretary role. Ask another secretary to do it",
            "roles",
        )
    old = summary(user)
    _apply(user, details)
    db.session.flush()
    before, after = _difference(old, summary(user))
    if not after:
        return False
    record(
        actor, "person.updated", user, f"Changed details of {user.name}", before=before, after=after
    )
    db.session.flush()
    return True


def deactivate_person(actor: User, user: User) -> None:
    """Stop a person signing in. Never deleted: history keeps their name."""
    if actor.id == user.id:
        raise Refused("You cannot deactivate your own account")
    if not user.active:
        raise Refused(f"{user.name} is already deactivated")
    _set_active(actor, user, False)


def reactivate_person(actor: User, user: User) -> None:
    if user.active:
        raise Refused(f"{user.name} is already active")
    _set_active(actor, user, True)


def _set_active(actor: User, user: User, active: bool) -> None:
    user.active = active
    user.deactivated_at = None if active else utcnow()
    if not active:
        # Sessions from before stay ended, even once the person is reactivated.
        user.end_sessions()
    if active:
        action, summary = "person.reactivated", f"Reactivated {user.name}"
    else:
        action, summary = "person.deactivated", f"Deactivated {user.name}"
    record(actor, action, user, summary, before={"active": not active}, after={"active": active})
    db.session.flush()


def resend_invitation(actor: User, user: User) -> None:
    """A fresh invitation link, for someone who has not yet set a password."""
    if not user.active:
        raise Refused(f"{user.name} is deactivated. Reactivate them first")
    if user.password_hash is not None:
        raise Refused(f"{user.name} has already set a password")
    record(actor, "person.invitation_resent", user, f"Sent {user.name} a new invitation")
    _queue_invitation(user, actor)
    db.session.flush()


def authenticate(email: str, password: str) -> User | None:
    """The active person with this email address and password, or None.

    The password is checked exactly once whatever the answer (an unknown address, an
    invitation not yet accepted, a deactivated account), so the time taken does not tell
    who has an account.
    """
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        verify_password(None, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def sign_out(user: Any) -> None:
    """End every session of a signed-in person: this browser's and any other's."""
    if getattr(user, "is_authenticated", False):
        user.end_sessions()
        db.session.flush()


def request_password_reset(email: str) -> bool:
    """Queue a reset link if an active person has this address; say nothing either way.

    Returns whether a message was queued, for tests; the page must not reveal it.
    Invited people who have not yet set a password may use this too.
    """
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        return False
    settings = current_settings()
    queue_email(
        user.email,
        f"Reset your password for the {settings.council_name} website",
        "governors/email/password_reset.txt",
        person=user,
        link=absolute_url("governors.auth.reset_password", token=make_token(user, Purpose.RESET)),
        lasts=describe_max_age(Purpose.RESET),
        council_name=settings.council_name,
        forgot_link=absolute_url("governors.auth.forgot_password"),
    )
    db.session.flush()
    return True


def set_password(user: User, password: str, *, accepting_invitation: bool) -> None:
    """The person sets their own password from an emailed link; the link then stops working.

    Someone who never set a password is accepting their invitation, whichever link they used.
    """
    accepting_invitation = accepting_invitation or user.password_hash is None
    user.set_password(password)
    # Anyone still signed in as this person (a stolen cookie, a shared computer) is not now.
    user.end_sessions()
    if accepting_invitation:
        record(user, "person.invitation_accepted", user, f"{user.name} accepted their invitation")
    else:
        record(user, "person.password_reset", user, f"{user.name} reset their password")
        settings = current_settings()
        queue_email(
            user.email,
            f"Your password for the {settings.council_name} website has changed",
            "governors/email/password_changed.txt",
            person=user,
            council_name=settings.council_name,
            forgot_link=absolute_url("governors.auth.forgot_password"),
        )
    db.session.flush()
