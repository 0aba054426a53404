"""Helpers shared by the routes: JSON answers, parsing a body read by the signature check."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError
from starlette.responses import Response

from central.auth import SIGNED, Caller, platform_of
from central.platform import Platform
from central.problems import bad_request

M = TypeVar("M", bound=BaseModel)


async def _platform(request: Request) -> Platform:
    # async: FastAPI would run a plain function in a worker thread, one more hop per request
    return platform_of(request)


CallerDep = Annotated[Caller, Depends(SIGNED)]
PlatformDep = Annotated[Platform, Depends(_platform)]


def json_response(
    model: BaseModel, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """``model`` as JSON (serialised once, by pydantic)."""
    return Response(
        model.model_dump_json(),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def parse_body(model: type[M], body: bytes) -> M:
    """The body as ``model``; a 422 ``bad_request`` problem if it is not."""
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        raise bad_request(error.errors()) from None
