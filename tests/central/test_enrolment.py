"""Enrolment with a one-time code, through the real server (both databases)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from stationkit import CentralServer, Station

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from kiosk.sync.protocol.signing import sign_enrolment
from kiosk.sync.protocol.stations import format_enrol_code


def _enrol(server: CentralServer, code: str, key: ec.EllipticCurvePrivateKey) -> httpx.Response:
    public, proof = sign_enrolment(key, code)
    body = {"code": code, "public_key": public, "proof": proof, "label": "borne 1"}
    return httpx.post(f"{server.base_url}/v1/stations/enrol", json=body, timeout=30)


def _code_of(answer: httpx.Response) -> str:
    assert answer.headers["content-type"] == "application/problem+json"
    code: str = answer.json()["code"]
    return code


def test_a_code_enrols_one_station_of_its_structure(
    server: CentralServer, admin: CentralDatabase, structure: str
) -> None:
    code = create_enrol_code(admin, structure)
    key = ec.generate_private_key(ec.SECP256R1())
    # typed by a person: dashes, lower case
    answer = _enrol(server, format_enrol_code(code).lower(), key)
    assert answer.status_code == 201, answer.text
    enrolled = answer.json()
    assert enrolled["structure_id"] == structure
    assert enrolled["station_id"].startswith("st_")

    station = Station(server.base_url, key, enrolled["station_id"], structure)
    me = station.request("GET", "/v1/stations/me")
    assert me.status_code == 200
    assert me.json() == {
        "station_id": enrolled["station_id"],
        "structure_id": structure,
        "applied_seq": 0,
        "label": "borne 1",
    }

    # the same station retrying (its answer was lost) gets the same identity...
    again = _enrol(server, code, key)
    assert again.status_code == 201
    assert again.json()["station_id"] == enrolled["station_id"]
    # ...anyone else is refused
    other = _enrol(server, code, ec.generate_private_key(ec.SECP256R1()))
    assert other.status_code == 409
    assert _code_of(other) == "enrol_code_used"
    station.close()


def test_bad_codes_keys_and_proofs_are_refused_with_their_code(
    server: CentralServer, admin: CentralDatabase, structure: str
) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    unknown = _enrol(server, "0000-0000-0000-0000", key)
    assert (unknown.status_code, _code_of(unknown)) == (403, "enrol_code_invalid")
    garbage = _enrol(server, "not a code", key)
    assert (garbage.status_code, _code_of(garbage)) == (403, "enrol_code_invalid")

    expired = create_enrol_code(admin, structure, hours=-1)
    answer = _enrol(server, expired, key)
    assert (answer.status_code, _code_of(answer)) == (410, "enrol_code_expired")

    code = create_enrol_code(admin, structure)
    public, proof = sign_enrolment(key, code)
    other_public, _ = sign_enrolment(ec.generate_private_key(ec.SECP256R1()), code)
    url = f"{server.base_url}/v1/stations/enrol"
    not_mine = httpx.post(url, json={"code": code, "public_key": other_public, "proof": proof})
    assert (not_mine.status_code, _code_of(not_mine)) == (422, "proof_invalid")
    p384 = ec.generate_private_key(ec.SECP384R1())
    wrong_curve, wrong_proof = sign_enrolment(p384, code)
    bad_key = httpx.post(url, json={"code": code, "public_key": wrong_curve, "proof": wrong_proof})
    assert (bad_key.status_code, _code_of(bad_key)) == (422, "key_invalid")
    malformed = httpx.post(url, json={"code": code})
    assert (malformed.status_code, _code_of(malformed)) == (422, "bad_request")
    # the failures did not spend the code
    assert _enrol(server, code, key).status_code == 201
    assert public


def test_the_admin_command_prints_a_working_code(server: CentralServer, structure: str) -> None:
    command = [
        sys.executable,
        "-m",
        "central.cli",
        "--data-dir",
        str(server.data_dir),
        "--database-url",
        server.database_url,
        "enrol-code",
        "--structure",
        structure,
        "--name",
        "CMS de test",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    code = done.stdout.strip()
    assert len(code) == 19 and code.count("-") == 3
    station = Station.enrol(server.base_url, code)
    assert station.structure_id == structure
    station.close()


def test_a_revoked_station_is_refused(
    server: CentralServer, enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    assert station.request("GET", "/v1/stations/me").status_code == 200
    command = [
        sys.executable,
        "-m",
        "central.cli",
        "--data-dir",
        str(server.data_dir),
        "--database-url",
        server.database_url,
        "revoke-station",
        station.station_id,
    ]
    subprocess.run(command, check=True, timeout=60, capture_output=True)
    answer = station.request("GET", "/v1/stations/me")
    assert answer.status_code == 401
    assert answer.json()["code"] == "station_revoked"
