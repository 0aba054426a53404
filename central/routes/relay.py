"""Relay: messages to institutions, confirmation codes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from starlette.responses import Response

from central.confirmations import check_code, request_code
from central.relay import send_message
from central.routes.common import CallerDep, PlatformDep, json_response, parse_body
from kiosk.sync.protocol.relay import (
    ConfirmationCheck,
    ConfirmationRequest,
    ConfirmationResult,
    ConfirmationSent,
    MessageReceipt,
    MessageSend,
)

router = APIRouter(prefix="/v1/relay", tags=["relay"])

IdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


@router.post("/messages", response_model=MessageReceipt, status_code=202)
def post_message(caller: CallerDep, platform: PlatformDep) -> Response:
    """Accept a sealed message for an institution (idempotent on ``message_id``)."""
    message = parse_body(MessageSend, caller.body)
    return json_response(send_message(platform, caller, message), status=202)


@router.post("/confirmations", response_model=ConfirmationSent, status_code=201)
def post_confirmation(caller: CallerDep, platform: PlatformDep) -> Response:
    """Send a confirmation code by e-mail or SMS (idempotent on ``confirmation_id``)."""
    request = parse_body(ConfirmationRequest, caller.body)
    return json_response(request_code(platform, caller, request), status=201)


@router.post("/confirmations/{confirmation_id}/check", response_model=ConfirmationResult)
def post_check(confirmation_id: IdPath, caller: CallerDep, platform: PlatformDep) -> Response:
    """Check the code the person typed."""
    check = parse_body(ConfirmationCheck, caller.body)
    return json_response(check_code(platform, caller, confirmation_id, check))
