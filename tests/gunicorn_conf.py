"""gunicorn settings for the servers the tests start (``tests/servers.py``).

Each worker's clock is the real one moved by ``GOVERNORS_SERVER_CLOCK_OFFSET`` seconds, and
ticks on: a worker started again after a crash keeps the same clock as the others.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any


def post_fork(server: Any, worker: Any) -> None:
    offset = float(os.environ.get("GOVERNORS_SERVER_CLOCK_OFFSET") or 0)
    if offset:
        import time_machine

        moment = datetime.now(UTC) + timedelta(seconds=offset)
        coordinates = time_machine.travel(moment, tick=True).start()
        # A moving clock starts ticking when first read, not when started: read it now, or
        # each worker's clock would lag by however long it took to read it first.
        coordinates.time()
