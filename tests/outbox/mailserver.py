"""A real SMTP server for the outage and sender tests: aiosmtpd on 127.0.0.1, on a free port,
in a thread of the test. The test sets its mood:

- ``accept``: keeps every message it is given (``received``);
- ``down``: nothing listens on the port, so a connection is refused;
- ``busy``: answers the connection with 421 (too busy) and hangs up;
- ``silent``: takes the connection and never says a word, so the sender times out;
- ``refuse``: greets, then answers 421 (closing down) to each message;
- ``drop``: greets and takes the message, then drops the connection before answering.

Addresses in ``unknown`` are refused with 550 whatever the mood, as a real server refuses
an address it does not have.
"""

from __future__ import annotations

import asyncio
import threading
import time
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.servers import free_port

MOODS = ("accept", "down", "busy", "silent", "refuse", "drop")


class MailServer:
    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.mood = "down"
        self.unknown: set[str] = set()
        self.received: list[Message] = []
        self.connections = 0  # every connection made, whatever the mood
        self.sessions: set[Any] = set()  # senders that began to send a message
        # While set, each message waits in DATA until this many senders have connected
        # (or ``hold_for`` seconds pass), so that senders overlap for certain.
        self.hold_until_sessions = 0
        self.hold_for = 20.0
        self.delay = 0.0  # seconds to take over each message accepted
        self._release = threading.Event()
        self._controller: Controller | None = None
        self._silent: list[asyncio.BaseTransport] = []

    # The test's controls -----------------------------------------------------------

    def set(self, mood: str) -> MailServer:
        if mood not in MOODS:
            raise ValueError(f"unknown mood {mood!r}: one of {MOODS}")
        if mood == "down":
            self._stop()
        elif self._controller is None:
            self.mood = "accept"  # the controller checks its own greeting as it starts
            self._controller = _Controller(self, hostname=self.host, port=self.port)
            self._controller.start()
        if mood != "silent":
            self._hang_up_silent()
        self.mood = mood
        return self

    def release(self) -> None:
        """Let every message held in DATA through at once."""
        self._release.set()

    def stop(self) -> None:
        self.release()
        self._stop()
        self.mood = "down"

    def subjects(self) -> list[str]:
        return [str(message["Subject"]) for message in self.received]

    # Used by the server's thread ---------------------------------------------------

    def _stop(self) -> None:
        self._hang_up_silent()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _hang_up_silent(self) -> None:
        silent, self._silent = self._silent, []
        for transport in silent:
            if self._controller is not None:
                self._controller.loop.call_soon_threadsafe(transport.abort)

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if self.mood == "refuse":
            return "421 4.3.2 Service not available, closing transmission channel"
        self.sessions.add(session.peer)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.mood == "drop":
            assert server.transport is not None
            server.transport.abort()
            return "451 4.3.0 never seen: the connection is gone"
        # In a worker thread, on real time: the test's frozen clock stops asyncio's timers.
        await asyncio.get_running_loop().run_in_executor(None, self._hold)
        self.received.append(message_from_bytes(envelope.original_content or b""))
        return "250 OK: queued"

    def _hold(self) -> None:
        for _ in range(int(self.hold_for / 0.02)):
            if len(self.sessions) >= self.hold_until_sessions or self._release.is_set():
                break
            self._release.wait(0.02)
        if self.delay:
            time.sleep(self.delay)


class _Moody(SMTP):
    """aiosmtpd's server, which can also be busy or silent from the first moment."""

    def __init__(self, mail: MailServer, **kwargs: Any) -> None:
        super().__init__(mail, **kwargs)
        self.mail = mail
        self.answered = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.mail.connections += 1
        if self.mail.mood == "silent":
            self.answered = False
            self.mail._silent.append(transport)
            return
        if self.mail.mood == "busy":
            self.answered = False
            transport.write(b"421 4.3.2 Too busy, try again later\r\n")  # type: ignore[attr-defined]
            transport.close()
            return
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.answered:
            super().data_received(data)

    def eof_received(self) -> bool | None:
        return super().eof_received() if self.answered else None

    def connection_lost(self, error: Exception | None) -> None:
        if self.answered:
            super().connection_lost(error)


class _Controller(Controller):
    def __init__(self, mail: MailServer, **kwargs: Any) -> None:
        super().__init__(mail, **kwargs)
        self.mail = mail

    def factory(self) -> SMTP:
        return _Moody(self.mail, hostname="mail.test", ident="Test mail server")
