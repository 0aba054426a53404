"""Push: every operation applied exactly once; gaps, regressions and retries."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from typing import Any

from stationkit import Station, sealed


def _beneficiary(station: Station, ben: str, **fields: str) -> dict[str, Any]:
    values = fields or {"family_name": sealed()}
    return station.op("beneficiary.patch", ben, {"fields": values})


def _note(station: Station, request: str) -> dict[str, Any]:
    return station.op("ar.note.add", request, {"note_id": os.urandom(8).hex(), "body": sealed()})


def _statuses(results: list[dict[str, Any]]) -> list[tuple[str, str | None, bool]]:
    return [(r["status"], r["code"], r["replayed"]) for r in results]


def test_a_batch_delivered_twice_is_applied_once(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    batch = [
        _beneficiary(station, "ben-1"),
        station.op("ar.create", "req-1", {"beneficiary_id": "ben-1", "fields": {"aid": sealed()}}),
        _note(station, "req-1"),
    ]
    first = station.push_ok(batch)
    assert _statuses(first) == [("applied", None, False)] * 3
    again = station.push_ok(batch)
    assert _statuses(again) == [("applied", None, True)] * 3
    assert [r["version"] for r in again] == [r["version"] for r in first] == [1, 1, 2]
    changes, _ = station.pull_all()
    assert changes[("aid_request", "req-1")]["version"] == 2
    assert len(changes[("aid_request", "req-1")]["state"]["notes"]) == 1

    # an overlapping batch: the known part is replayed, the rest applied
    overlap = [batch[2], _note(station, "req-1"), _note(station, "req-1")]
    assert _statuses(station.push_ok(overlap)) == [
        ("applied", None, True),
        ("applied", None, False),
        ("applied", None, False),
    ]
    me = station.request("GET", "/v1/stations/me").json()
    assert me["applied_seq"] == 5
    changes, _ = station.pull_all()
    assert len(changes[("aid_request", "req-1")]["state"]["notes"]) == 3


def test_gaps_regressions_and_changed_ops_are_refused_whole(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    applied = [_beneficiary(station, "ben-g"), _beneficiary(station, "ben-g")]
    station.push_ok(applied)
    station.seq = 5  # seqs 3..5 lost: the station jumped ahead
    gap = station.push([_beneficiary(station, "ben-g")])
    assert gap.status_code == 409
    assert gap.json()["code"] == "seq_gap"
    assert gap.json()["expected_seq"] == 3

    station.seq = 0
    shuffled = [_beneficiary(station, "ben-g"), _beneficiary(station, "ben-g")]
    shuffled[1]["seq"] = 4
    assert station.push(shuffled).json()["code"] == "batch_invalid"

    station.seq = 1  # a restored backup: seq 2 again, with a new operation
    regressed = station.push([_beneficiary(station, "ben-g")])
    assert regressed.status_code == 409
    assert regressed.json()["code"] == "device_regressed"

    changed = dict(applied[0], payload={"fields": {"family_name": sealed()}})
    mismatch = station.push([changed])
    assert mismatch.status_code == 422
    assert mismatch.json()["code"] == "op_mismatch"
    # none of that was applied
    assert station.request("GET", "/v1/stations/me").json()["applied_seq"] == 2
    changes, _ = station.pull_all()
    assert changes[("beneficiary", "ben-g")]["version"] == 2


def test_rejected_operations_do_not_block_the_queue(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    results = station.push_ok(
        [
            station.op("ar.create", "req-x", {"beneficiary_id": "nobody", "fields": {}}),
            station.op("teleport", "req-x", {}),
            station.op("beneficiary.patch", "ben-x", {"fields": {"family_name": "en clair"}}),
            station.op(
                "ar.create", "req-y", {"beneficiary_id": "ben-x", "fields": {"pet": sealed()}}
            ),
            _beneficiary(station, "ben-x"),
            station.op("ar.create", "req-y", {"beneficiary_id": "ben-x", "fields": {}}),
            station.op("ar.create", "req-y", {"beneficiary_id": "ben-x", "fields": {}}),
        ]
    )
    assert _statuses(results) == [
        ("rejected", "not_found", False),
        ("rejected", "unknown_op_type", False),
        ("rejected", "invalid_payload", False),  # plaintext is not a sealed value
        ("rejected", "not_found", False),  # beneficiary not there yet
        ("applied", None, False),
        ("applied", None, False),
        ("rejected", "already_exists", False),
    ]
    assert station.request("GET", "/v1/stations/me").json()["applied_seq"] == 7
    # the rejections are stored like any result
    assert _statuses(station.push_ok([station.op("teleport", "x", {})])) == [
        ("rejected", "unknown_op_type", False)
    ]


def test_an_attachment_waits_for_its_blob(enrol: Callable[[str], Station], structure: str) -> None:
    station = enrol(structure)
    data = os.urandom(10_000)
    sha = hashlib.sha256(data).hexdigest()
    attach = {
        "beneficiary_id": "ben-d",
        "blob": sha,
        "size": len(data),
        "level": 2,
        "revision": 1,
        "meta": sealed(),
        "wrapped_keys": [sealed(113)],
    }
    batch = [
        _beneficiary(station, "ben-d"),
        station.op("doc.attach", "doc-1", attach),
        _beneficiary(station, "ben-d"),
    ]
    assert _statuses(station.push_ok(batch)) == [
        ("applied", None, False),
        ("retry_later", "blob_missing", False),
        ("retry_later", "blocked", False),
    ]
    assert station.request("GET", "/v1/stations/me").json()["applied_seq"] == 1

    upload = station.create_upload(sha, len(data)).json()
    status, _ = station.upload_from(upload["upload_id"], data, 0)
    assert status["complete"]
    assert _statuses(station.push_ok(batch)) == [
        ("applied", None, True),
        ("applied", None, False),
        ("applied", None, False),
    ]
    changes, _ = station.pull_all()
    document = changes[("document", "doc-1")]["state"]["meta"]
    assert (document["blob"], document["size"], document["level"]) == (sha, len(data), 2)


def test_the_same_batch_sent_concurrently_is_applied_once(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    station.push_ok(
        [
            _beneficiary(station, "ben-c"),
            station.op("ar.create", "req-c", {"beneficiary_id": "ben-c"}),
        ]
    )
    batch = [_note(station, "req-c") for _ in range(20)]
    answers: list[list[dict[str, Any]]] = []

    def send() -> None:
        answers.append(station.push_ok(batch))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fresh = [a for a in answers if not a[0]["replayed"]]
    assert len(answers) == 6 and len(fresh) == 1
    for answer in answers:
        assert [r["version"] for r in answer] == [r["version"] for r in fresh[0]]
    changes, _ = station.pull_all()
    request = changes[("aid_request", "req-c")]
    assert request["version"] == 21
    assert len(request["state"]["notes"]) == 20
