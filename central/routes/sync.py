"""Push and pull."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from central.pull import pull
from central.push import push
from central.routes.common import CallerDep, PlatformDep, json_response, parse_body
from kiosk.sync.protocol.ops import PushRequest, PushResponse
from kiosk.sync.protocol.pull import DEFAULT_LIMIT, MAX_LIMIT, PullResponse

router = APIRouter(prefix="/v1/sync", tags=["sync"])


@router.post("/push", response_model=PushResponse)
def push_route(caller: CallerDep, platform: PlatformDep) -> Response:
    """Apply a batch of operations exactly once; one result per operation."""
    return json_response(push(platform, caller, parse_body(PushRequest, caller.body)))


@router.get("/pull", response_model=PullResponse)
def pull_route(
    caller: CallerDep,
    platform: PlatformDep,
    cursor: Annotated[str, Query(max_length=512)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Response:
    """The structure's changes after ``cursor``, in commit order."""
    return json_response(pull(platform, caller, cursor, limit))
