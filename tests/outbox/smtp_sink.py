"""A real SMTP server in the test's process (aiosmtpd), which accepts or refuses on demand."""

import email
import email.message

from aiosmtpd.controller import Controller

# The port reserved for this suite's SMTP sink.
SINK_PORT = 2591


class SmtpSink:
    """Accepts every message, or answers with `refuse_data` / `refuse_rcpt` when set
    (for instance "451 4.3.0 Try again later" or "554 5.3.0 Relay refused")."""

    def __init__(self, port: int = SINK_PORT) -> None:
        self.port = port
        self.messages: list[email.message.Message] = []
        self.refuse_data: str | None = None
        self.refuse_rcpt: str | None = None
        self._controller: Controller | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse_data:
            return self.refuse_data
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    @property
    def listening(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
