"""Blobs: resumable upload (cut anywhere, re-send at most one chunk), verification, ranges."""

from __future__ import annotations

import hashlib
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from stationkit import CentralServer, Station, send_cut

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from kiosk.sync.protocol.signing import sign_request

CHUNK = 256 * 1024


def _blob(size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def _offset(station: Station, upload_id: str) -> int:
    answer = station.request("HEAD", f"/v1/uploads/{upload_id}")
    assert answer.status_code == 200
    return int(answer.headers["Upload-Offset"])


def _download(station: Station, sha: str, start: int = 0) -> bytes:
    headers = {"Range": f"bytes={start}-"} if start else None
    answer = station.request("GET", f"/v1/blobs/{sha}", headers=headers)
    assert answer.status_code == (206 if start else 200), answer.text
    return answer.content


def _upload_with_a_cut(station: Station, seed: int) -> tuple[bytes, str, str, int, int]:
    """Upload a blob cut at a random offset; the data, its hash, the upload, the start of the
    chunk cut and the bytes put on the wire so far."""
    data, sha = _blob(3 * CHUNK + 12_345)
    rng = random.Random(seed)
    cut_at = rng.randrange(len(data))
    upload_id = station.create_upload(sha, len(data)).json()["upload_id"]
    chunk_start = cut_at - cut_at % CHUNK
    if chunk_start:
        station.upload_from(upload_id, data[:chunk_start], 0, CHUNK)
    chunk = data[chunk_start : chunk_start + CHUNK]
    send_cut(
        station, "PUT", f"/v1/uploads/{upload_id}?offset={chunk_start}", chunk, cut_at - chunk_start
    )
    return data, sha, upload_id, chunk_start, cut_at


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_upload_cut_at_a_random_offset_resumes_byte_identical(
    enrol: Callable[[str], Station], structure: str, seed: int
) -> None:
    station = enrol(structure)
    data, sha, upload_id, chunk_start, wire = _upload_with_a_cut(station, seed)
    time.sleep(0.2)
    resume_at = _offset(station, upload_id)
    assert resume_at == chunk_start  # only whole verified chunks count
    assert station.request("HEAD", f"/v1/blobs/{sha}").status_code == 404  # not visible yet
    status, sent = station.upload_from(upload_id, data, resume_at, CHUNK)
    assert status["complete"] and status["offset"] == len(data)
    resent = wire + sent - len(data)
    assert 0 <= resent < CHUNK  # what was lost: part of the one chunk in flight, no more
    assert _download(station, sha) == data
    start = random.Random(seed).randrange(len(data))
    assert data[:start] + _download(station, sha, start) == data  # a download resumes too


@pytest.fixture
def own_server(fresh_database_url: str, tmp_path: Path) -> Iterator[CentralServer]:
    """A server of this test only, to be killed."""
    server = CentralServer(tmp_path / "data", fresh_database_url).start()
    yield server
    server.stop()


def test_a_server_killed_mid_upload_resumes_after_restart(
    own_server: CentralServer, structure: str
) -> None:
    db = CentralDatabase(own_server.database_url)
    station = Station.enrol(own_server.base_url, create_enrol_code(db, structure))
    db.dispose()
    data, sha, upload_id, chunk_start, wire = _upload_with_a_cut(station, seed=7)
    own_server.kill()
    station.close()
    restarted = CentralServer(own_server.data_dir, own_server.database_url).start()
    try:
        again = Station(restarted.base_url, station.key, station.station_id, structure)
        resume_at = _offset(again, upload_id)
        assert resume_at == chunk_start
        status, sent = again.upload_from(upload_id, data, resume_at, CHUNK)
        assert status["complete"] and 0 <= wire + sent - len(data) < CHUNK
        assert _download(again, sha) == data
        again.close()
    finally:
        restarted.stop()


def test_damaged_chunks_and_wrong_offsets_do_not_move_the_offset(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    data, sha = _blob(2 * CHUNK)
    created = station.create_upload(sha, len(data))
    assert created.status_code == 201
    upload_id = created.json()["upload_id"]
    assert created.headers["Location"] == f"/v1/uploads/{upload_id}"
    # asking again (the answer was lost) gives the same upload
    assert station.create_upload(sha, len(data)).json()["upload_id"] == upload_id

    chunk = data[:CHUNK]
    path = f"/v1/uploads/{upload_id}?offset=0"
    headers = sign_request(station.key, station.station_id, "PUT", path, chunk, int(time.time()))
    damaged = bytes([chunk[0] ^ 1]) + chunk[1:]
    answer = station.http.put(path, content=damaged, headers=headers)
    assert (answer.status_code, answer.json()["code"]) == (460, "chunk_checksum_mismatch")
    assert _offset(station, upload_id) == 0

    assert station.put_chunk(upload_id, 0, chunk).status_code == 200
    wrong = station.put_chunk(upload_id, 0, chunk)  # re-sent after a lost answer
    assert (wrong.status_code, wrong.json()["code"], wrong.json()["offset"]) == (
        409,
        "upload_offset_mismatch",
        CHUNK,
    )
    too_long = station.put_chunk(upload_id, CHUNK, data[CHUNK:] + b"x")
    assert (too_long.status_code, too_long.json()["code"]) == (413, "upload_too_long")
    assert _offset(station, upload_id) == CHUNK

    last = station.put_chunk(upload_id, CHUNK, data[CHUNK:])
    assert last.json()["complete"]
    # the answer to the last chunk lost: asking still works, and says it is done
    status = station.request("GET", f"/v1/uploads/{upload_id}").json()
    assert (status["offset"], status["complete"]) == (len(data), True)
    again = station.create_upload(sha, len(data))
    assert again.status_code == 200
    assert again.json() == {
        "upload_id": None,
        "sha256": sha,
        "size": len(data),
        "offset": len(data),
        "complete": True,
        "chunk_size": 1 << 20,
    }


def test_bytes_that_do_not_hash_to_the_name_never_become_visible(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    data, _ = _blob(CHUNK + 10)
    _, claimed = _blob(CHUNK + 10)
    upload_id = station.create_upload(claimed, len(data)).json()["upload_id"]
    assert station.put_chunk(upload_id, 0, data[:CHUNK]).status_code == 200
    answer = station.put_chunk(upload_id, CHUNK, data[CHUNK:])
    assert (answer.status_code, answer.json()["code"]) == (422, "blob_hash_mismatch")
    assert station.request("HEAD", f"/v1/blobs/{claimed}").status_code == 404
    assert _offset(station, upload_id) == 0  # starts again


def test_ranges_and_empty_blobs(enrol: Callable[[str], Station], structure: str) -> None:
    station = enrol(structure)
    data, sha = _blob(1000)
    upload_id = station.create_upload(sha, len(data)).json()["upload_id"]
    station.upload_from(upload_id, data, 0)
    head = station.request("HEAD", f"/v1/blobs/{sha}")
    assert (head.status_code, head.headers["Content-Length"]) == (200, "1000")
    for spec, expected, content_range in [
        ("bytes=10-19", data[10:20], "bytes 10-19/1000"),
        ("bytes=990-", data[990:], "bytes 990-999/1000"),
        ("bytes=-5", data[-5:], "bytes 995-999/1000"),
        ("bytes=995-5000", data[995:], "bytes 995-999/1000"),
    ]:
        part = station.request("GET", f"/v1/blobs/{sha}", headers={"Range": spec})
        assert (part.status_code, part.content) == (206, expected), spec
        assert part.headers["Content-Range"] == content_range
    for spec in ("bytes=1000-", "bytes=5-1", "bytes=0-1,5-6", "lines=1-2"):
        refused = station.request("GET", f"/v1/blobs/{sha}", headers={"Range": spec})
        assert (refused.status_code, refused.json()["code"]) == (416, "range_not_satisfiable")
        assert refused.headers["Content-Range"] == "bytes */1000"

    empty = hashlib.sha256(b"").hexdigest()
    created = station.create_upload(empty, 0).json()
    assert created["complete"]
    assert station.request("GET", f"/v1/blobs/{empty}").content == b""
