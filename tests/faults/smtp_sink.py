"""An SMTP server that records every message it accepts, one file each.

Run as `python -m tests.faults.smtp_sink --port N --folder DIR`. While the file
`DIR/refuse` exists it answers every message with a temporary failure (451), as a
mail server does when it is overloaded; messages it refuses are not recorded.
"""

import argparse
import asyncio
import signal
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class RecordingHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.messages = folder / "messages"
        self.messages.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if (self.folder / "refuse").exists():
            return "451 4.3.0 Mail server busy, try again later"
        # Written under a temporary name and renamed, so a reader never sees half a message.
        name = uuid.uuid4().hex
        partial = self.messages / f".{name}.tmp"
        recipients = ",".join(envelope.rcpt_tos)
        partial.write_bytes(f"X-Envelope-To: {recipients}\r\n".encode() + envelope.content)
        partial.rename(self.messages / f"{name}.eml")
        return "250 2.0.0 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    options = parser.parse_args()
    controller = Controller(
        RecordingHandler(options.folder), hostname="127.0.0.1", port=options.port
    )
    controller.start()
    (options.folder / "ready").touch()
    loop = asyncio.new_event_loop()
    stop = loop.create_future()

    def stop_once() -> None:
        if not stop.done():
            stop.set_result(None)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop_once)
    loop.run_until_complete(stop)
    (options.folder / "ready").unlink(missing_ok=True)
    controller.stop()


if __name__ == "__main__":
    main()
