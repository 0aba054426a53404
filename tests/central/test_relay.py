"""Relay: messages to institutions and their answers; confirmation codes by e-mail or SMS."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from stationkit import CentralServer, Station, sealed


def _message(station: Station, message_id: str, body: str) -> dict[str, object]:
    answer = station.request(
        "POST",
        "/v1/relay/messages",
        json_body={
            "message_id": message_id,
            "institution": "caf-75",
            "request_id": "req-1",
            "body": body,
        },
    )
    result: dict[str, object] = answer.json()
    result["_status"] = answer.status_code
    return result


def test_a_message_is_relayed_once_and_its_answer_comes_back_by_pull(
    server: CentralServer, enrol: Callable[[str], Station], structure: str, tmp_path: Path
) -> None:
    station = enrol(structure)
    message_id, body = f"m-{uuid.uuid4().hex}", sealed(200)
    first = _message(station, message_id, body)
    assert (first["_status"], first["status"]) == (202, "queued")
    again = _message(station, message_id, body)  # a retry
    assert again["_status"] == 202 and again["accepted_at_ms"] == first["accepted_at_ms"]
    other = _message(station, message_id, sealed(200))
    assert (other["_status"], other["code"]) == (409, "idempotency_conflict")
    delivered = [r for r in server.outbox() if r.get("message_id") == message_id]
    assert len(delivered) == 1
    assert (delivered[0]["institution"], delivered[0]["body"]) == ("caf-75", body)

    changes, cursor = station.pull_all()
    message = changes[("message", message_id)]["state"]
    assert message["meta"]["status"] == "delivered"
    assert message["fields"]["body"]["value"] == body

    answer_file = tmp_path / "answer.bin"
    answer_file.write_bytes(b"\x01" * 64)  # the institution's sealed answer
    command = [
        sys.executable,
        "-m",
        "central.cli",
        "--data-dir",
        str(server.data_dir),
        "--database-url",
        server.database_url,
        "answer",
        "--message",
        message_id,
        "--institution",
        "caf-75",
        "--body-file",
        str(answer_file),
    ]
    answer_id = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    newer, _ = station.pull_all(cursor)
    assert newer[("message", message_id)]["state"]["meta"]["status"] == "answered"
    answer = newer[("answer", answer_id)]["state"]
    assert answer["meta"] == {"message_id": message_id, "institution": "caf-75"}
    # another structure sees neither
    stranger = enrol(f"{structure}-x")
    seen, _ = stranger.pull_all()
    assert seen == {}


def test_confirmation_codes(
    server: CentralServer, enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    confirmation = f"c-{uuid.uuid4().hex}"
    request = {
        "confirmation_id": confirmation,
        "channel": "sms",
        "address": "06 12 34 56 78",
        "purpose": "iban_change",
    }
    sent = station.request("POST", "/v1/relay/confirmations", json_body=request)
    assert sent.status_code == 201
    assert sent.json()["masked_address"] == "06••••••78"
    assert sent.json()["attempts_left"] == 5
    retry = station.request("POST", "/v1/relay/confirmations", json_body=request)
    assert retry.json() == sent.json()
    codes = [r["code"] for r in server.outbox() if r.get("confirmation_id") == confirmation]
    assert len(codes) == 1  # the retry sent nothing
    code = str(codes[0])

    check = f"/v1/relay/confirmations/{confirmation}/check"
    wrong = "000000" if code != "000000" else "111111"
    bad = station.request("POST", check, json_body={"code": wrong}).json()
    assert (bad["verified"], bad["attempts_left"]) == (False, 4)
    good = station.request("POST", check, json_body={"code": code}).json()
    assert (good["verified"], good["attempts_left"]) == (True, 4)

    stranger = enrol(f"{structure}-x")
    hidden = stranger.request("POST", check, json_body={"code": code})
    assert (hidden.status_code, hidden.json()["code"]) == (404, "confirmation_unknown")

    locked_id = f"c-{uuid.uuid4().hex}"
    email = {
        "confirmation_id": locked_id,
        "channel": "email",
        "address": "zoe@example.org",
        "purpose": "iban_change",
    }
    assert (
        station.request("POST", "/v1/relay/confirmations", json_body=email).json()["masked_address"]
        == "z•••@example.org"
    )
    locked_check = f"/v1/relay/confirmations/{locked_id}/check"
    real = next(r["code"] for r in server.outbox() if r.get("confirmation_id") == locked_id)
    guesses = [f"{n:06d}" for n in range(6) if f"{n:06d}" != real][:5]
    for guess in guesses:
        assert not station.request("POST", locked_check, json_body={"code": guess}).json()[
            "verified"
        ]
    locked = station.request("POST", locked_check, json_body={"code": real})
    assert (locked.status_code, locked.json()["code"]) == (409, "confirmation_locked")

    bad_address = dict(request, confirmation_id="c-bad", address="not a phone")
    refused = station.request("POST", "/v1/relay/confirmations", json_body=bad_address)
    assert (refused.status_code, refused.json()["code"]) == (422, "bad_request")
