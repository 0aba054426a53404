"""Health, time, enrolment, and the station's own record."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from central.auth import read_body
from central.enrolment import enrol
from central.models import Station
from central.problems import ProblemError
from central.routes.common import CallerDep, PlatformDep, json_response, parse_body
from kiosk.sync.protocol import PROTOCOL_VERSION
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.protocol.stations import (
    EnrolRequest,
    EnrolResponse,
    Health,
    StationInfo,
    TimeInfo,
)

router = APIRouter(prefix="/v1", tags=["stations"])

_ENROL_LIMIT = 8192


@router.get("/health", response_model=Health)
def health() -> Response:
    """Is the platform up, and which protocol version does it speak (unsigned)."""
    return json_response(Health(status="ok", protocol=PROTOCOL_VERSION))


@router.get("/time", response_model=TimeInfo)
def server_time(platform: PlatformDep) -> Response:
    """The server's clock, for the station's offset (unsigned)."""
    return json_response(
        TimeInfo(server_time_ms=platform.now_ms(), server_hlc=platform.clock.now())
    )


@router.post("/stations/enrol", response_model=EnrolResponse, status_code=201)
async def enrol_station(request: Request, platform: PlatformDep) -> Response:
    """Spend a one-time code for the station's public key (unsigned, proof of possession)."""
    body = parse_body(EnrolRequest, await read_body(request, _ENROL_LIMIT))
    answer = await run_in_threadpool(enrol, platform, body)
    return json_response(answer, status=201)


@router.get("/stations/me", response_model=StationInfo)
def station_me(caller: CallerDep, platform: PlatformDep) -> Response:
    """What the server knows of the calling station (``applied_seq`` to resume the outbox)."""
    with platform.db.reading() as session:
        station = session.get(Station, caller.station_id)
        if station is None:  # pragma: no cover - authenticated, and never deleted
            raise ProblemError(401, ProblemCode.STATION_UNKNOWN, caller.station_id)
        info = StationInfo(
            station_id=station.id,
            structure_id=station.structure_id,
            applied_seq=station.applied_seq,
            label=station.label,
        )
    return json_response(info)
