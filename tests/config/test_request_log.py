"""One structured log line per request, and a request id that tasks carry on."""

import json
import logging

import pytest

from config.logging import JsonFormatter, RequestIdFilter, request_id_var


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    return caplog


@pytest.mark.django_db
def test_each_request_gets_an_id_returned_and_logged(client, request_lines):
    response = client.get("/en/")
    request_id = response["X-Request-ID"]
    assert len(request_id) >= 16
    (record,) = [r for r in request_lines.records if r.name == "portal.request"]
    assert (record.method, record.path, record.status) == ("GET", "/en/", 200)
    assert record.user_id is None
    assert record.duration_ms >= 0
    assert request_id_var.get() is None  # nothing leaks into the next request


@pytest.mark.django_db
def test_the_log_line_names_the_signed_in_user(client, participant, request_lines):
    client.force_login(participant)
    client.get("/en/")
    (record,) = [r for r in request_lines.records if r.name == "portal.request"]
    assert record.user_id == participant.pk


def test_a_well_formed_proxy_id_is_kept_and_a_hostile_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    assert kept["X-Request-ID"] == "lb-7f3a9c2e-0001"
    hostile = client.get("/healthz", headers={"X-Request-ID": 'x"\n{"forged": true}'})
    assert hostile["X-Request-ID"] != 'x"\n{"forged": true}'
    assert "\n" not in hostile["X-Request-ID"]


def test_the_json_formatter_writes_one_parsable_line_with_the_request_id():
    record = logging.LogRecord("portal.request", logging.INFO, __file__, 1, "GET %s", ("/",), None)
    record.status = 200
    token = request_id_var.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /"
    assert entry["request_id"] == "abc123def456"
    assert entry["status"] == 200
    assert entry["level"] == "INFO"


def test_a_task_queued_by_a_request_carries_its_id_in_the_message_headers():
    from celery import current_app
    from celery.signals import before_task_publish

    from config.celery import REQUEST_ID_HEADER

    headers: dict = {}
    token = request_id_var.set("req-0123456789")
    try:
        before_task_publish.send(sender="config.worker_heartbeat", headers=headers, body=())
    finally:
        request_id_var.reset(token)
    assert headers[REQUEST_ID_HEADER] == "req-0123456789"
    assert current_app.conf.worker_hijack_root_logger is False


def test_a_task_logs_under_the_id_of_the_request_that_queued_it():
    from celery.signals import task_postrun, task_prerun

    from config.tasks import worker_heartbeat

    # What a worker sees: the header arrives as an attribute of the task's request.
    worker_heartbeat.push_request(request_id="req-from-the-web-1")
    try:
        task_prerun.send(sender=worker_heartbeat, task=worker_heartbeat, task_id="t1")
        assert request_id_var.get() == "req-from-the-web-1"
        task_postrun.send(sender=worker_heartbeat, task=worker_heartbeat, task_id="t1")
        assert request_id_var.get() is None
    finally:
        worker_heartbeat.pop_request()
