"""allauth's e-mails go through the outbox: signing up never depends on the mail server."""

import re

import pytest

from outbox import services
from outbox.models import EmailStatus, OutboxEmail
from tests.outbox.test_outbox import _time_passes

pytestmark = pytest.mark.django_db


def test_a_sign_up_while_the_mail_server_is_down_gets_its_confirmation_later(
    client, smtp_sink, sent_mail
):
    smtp_sink.stop()
    with sent_mail():
        response = client.post(
            "/fr/comptes/signup/",
            {
                "email": "nouvelle@example.org",
                "password1": "a-long-pass-9876",
                "password2": "a-long-pass-9876",
            },
        )
    assert response.status_code == 302  # not a server error: the account exists
    email = OutboxEmail.objects.get(to="nouvelle@example.org")
    assert email.status == EmailStatus.PENDING and email.language == "fr"
    assert "ConnectionRefusedError" in email.last_error

    smtp_sink.start()
    _time_passes(email)
    assert services.pending_requeue() == 1
    [message] = smtp_sink.messages
    assert message["To"] == "nouvelle@example.org"
    text = (
        message.get_payload(decode=True).decode()
        if not message.is_multipart()
        else (message.get_payload(0).get_payload(decode=True).decode())
    )
    link = re.search(r"https?://\S+/confirm-email/(\S+)/", text)
    assert link is not None
    assert client.get(f"/fr/comptes/confirm-email/{link.group(1)}/").status_code == 200
