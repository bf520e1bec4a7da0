"""Reading a meeting's easy-read page: from its latest published agenda version only."""

from __future__ import annotations

from dataclasses import dataclass

from governors.agendas.models import AgendaVersion
from governors.agendas.services import latest_version
from governors.agendas.snapshot import CouncilNames, MeetingHeader
from governors.easyread.rules import EasyItem, easy_items, words_used
from governors.glossary.rules import Entry
from governors.glossary.services import entries as glossary_entries
from governors.meetings.models import Meeting


@dataclass(frozen=True)
class EasyRead:
    version: AgendaVersion
    meeting: MeetingHeader
    council: CouncilNames
    public_items: list[EasyItem]
    # Empty unless the reader may see the private part.
    private_items: list[EasyItem]
    has_private_part: bool
    glossary: list[Entry]
    full: bool

    @property
    def items(self) -> list[EasyItem]:
        return [*self.public_items, *self.private_items]


def latest(meeting: Meeting) -> AgendaVersion | None:
    return latest_version(meeting)


def easy_read(version: AgendaVersion, *, full: bool) -> EasyRead:
    """The page for one edition of a published version: the public edition (``full``
    false) has the public items alone, and their actions as the public sees them.

    The meanings come from the version (as the glossary was when it was published); a
    version published before it kept any uses the glossary as it is now.
    """
    frozen = version.frozen
    public = easy_items(frozen.public_part(full=full))
    private = easy_items(frozen.private_items) if full else []
    glossary = frozen.glossary or tuple(glossary_entries())
    return EasyRead(
        version=version,
        meeting=frozen.meeting,
        council=frozen.council,
        public_items=public,
        private_items=private,
        has_private_part=frozen.has_private_part,
        glossary=words_used([*public, *private], glossary),
        full=full,
    )
