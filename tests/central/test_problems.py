"""Broken requests get problem+json with a stable code, never HTML or a bare 500."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from stationkit import CentralServer, Station


def _check(answer: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict[str, object] = answer.json()
    assert problem["code"] == code and problem["status"] == status
    assert problem["type"] == f"urn:kiosk:problem:{code}"
    assert isinstance(problem["title"], str)
    return problem


def test_broken_requests(
    server: CentralServer, enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    _check(httpx.get(f"{server.base_url}/v1/nothing"), 404, "not_found")
    _check(httpx.delete(f"{server.base_url}/v1/health"), 405, "method_not_allowed")
    _check(station.request("POST", "/v1/sync/push", body=b"{not json"), 422, "bad_request")
    missing = _check(
        station.request("POST", "/v1/sync/push", json_body={"ops": []}), 422, "bad_request"
    )
    assert missing["errors"]
    _check(
        station.request("POST", "/v1/sync/push", json_body={"ops": [{"seq": 1}]}),
        422,
        "bad_request",
    )
    _check(station.request("GET", "/v1/uploads/not-an-id"), 422, "bad_request")
    _check(station.request("GET", "/v1/uploads/" + "0" * 32), 404, "upload_unknown")
    _check(station.request("PUT", "/v1/uploads/" + "0" * 32, body=b"x"), 422, "bad_request")
    huge = station.request("POST", "/v1/sync/push", body=b" " * (17 << 20))
    _check(huge, 413, "payload_too_large")


def test_health_and_time_are_open(server: CentralServer) -> None:
    assert httpx.get(f"{server.base_url}/v1/health").json() == {"status": "ok", "protocol": 1}
    time_info = httpx.get(f"{server.base_url}/v1/time").json()
    assert time_info["server_hlc"] >> 16 >= time_info["server_time_ms"] - 1000
