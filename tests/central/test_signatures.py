"""Signed requests: what a forged, altered, replayed or mistimed request gets."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from stationkit import CentralServer, Station

from kiosk.sync.protocol.signing import (
    HEADER_CONTENT_SHA256,
    HEADER_STATION,
    body_sha256,
    new_nonce,
    sign_request,
)


def _problem(answer: httpx.Response, status: int) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict[str, object] = answer.json()
    assert problem["type"] == f"urn:kiosk:problem:{problem['code']}"
    return problem


def test_unsigned_and_badly_signed_requests_are_refused(
    server: CentralServer, enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    unsigned = httpx.get(f"{server.base_url}/v1/stations/me")
    assert _problem(unsigned, 401)["code"] == "signature_missing"

    stranger = ec.generate_private_key(ec.SECP256R1())
    forged = station.request("GET", "/v1/stations/me", key=stranger)
    assert _problem(forged, 401)["code"] == "signature_invalid"

    # a signature for another target does not carry over
    headers = sign_request(
        station.key, station.station_id, "GET", "/v1/stations/me", b"", int(time.time())
    )
    moved = station.http.get("/v1/sync/pull", headers=headers)
    assert _problem(moved, 401)["code"] == "signature_invalid"
    query = sign_request(
        station.key, station.station_id, "GET", "/v1/sync/pull?limit=1", b"", int(time.time())
    )
    requeried = station.http.get("/v1/sync/pull?limit=2", headers=query)
    assert _problem(requeried, 401)["code"] == "signature_invalid"

    unknown = dict(headers, **{HEADER_STATION: "st_nobody"})
    assert _problem(station.http.get("/v1/stations/me", headers=unknown), 401)["code"] == (
        "station_unknown"
    )


def test_an_altered_body_is_refused(enrol: Callable[[str], Station], structure: str) -> None:
    station = enrol(structure)
    body = b'{"ops": []}'
    headers = sign_request(
        station.key, station.station_id, "POST", "/v1/sync/push", body, int(time.time())
    )
    swapped = station.http.post("/v1/sync/push", content=b'{"ops": [1]}', headers=headers)
    assert _problem(swapped, 401)["code"] == "body_hash_mismatch"
    # rewriting the announced hash too breaks the signature
    rehashed = dict(headers, **{HEADER_CONTENT_SHA256: body_sha256(b'{"ops": [1]}')})
    rehashed["X-Kiosk-Nonce"] = new_nonce()
    answer = station.http.post("/v1/sync/push", content=b'{"ops": [1]}', headers=rehashed)
    assert _problem(answer, 401)["code"] == "signature_invalid"


def test_a_replayed_request_is_refused(enrol: Callable[[str], Station], structure: str) -> None:
    station = enrol(structure)
    nonce = new_nonce()
    first = station.request("GET", "/v1/stations/me", nonce=nonce)
    assert first.status_code == 200
    again = station.request("GET", "/v1/stations/me", nonce=nonce)
    assert _problem(again, 401)["code"] == "replayed"
    # the very same bytes, replayed as captured
    request = station.http.build_request("GET", "/v1/stations/me")
    request.headers.update(
        sign_request(
            station.key, station.station_id, "GET", "/v1/stations/me", b"", int(time.time())
        )
    )
    assert station.http.send(request).status_code == 200
    assert _problem(station.http.send(request), 401)["code"] == "replayed"


def test_a_station_a_day_off_is_told_by_how_much(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    station.clock_offset = -86_400
    late = _problem(station.request("GET", "/v1/stations/me"), 401)
    assert late["code"] == "clock_skew"
    assert abs(int(str(late["skew_seconds"])) + 86_400) <= 5
    assert abs(int(str(late["server_time"])) - time.time()) <= 5
    station.clock_offset = 86_400
    early = _problem(station.request("GET", "/v1/stations/me"), 401)
    assert early["code"] == "clock_skew"
    assert abs(int(str(early["skew_seconds"])) - 86_400) <= 5
    # corrected with the server's time, the station goes on; 4 minutes off is tolerated
    station.clock_offset = int(str(early["server_time"])) - int(time.time()) - 240
    assert station.request("GET", "/v1/stations/me").status_code == 200
