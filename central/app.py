"""The central platform's HTTP application (FastAPI). The sync issue fills it in.

For now it answers one question, for stations and monitoring: is the platform up, and
which protocol version does it speak.
"""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

PROTOCOL_VERSION = 1


class Health(BaseModel):
    """Answer of ``GET /v1/health``."""

    status: str
    protocol: int


def create_app() -> FastAPI:
    """Build the application (no global state; each call is a fresh app)."""
    app = FastAPI(title="Plateforme centrale", version="0.1.0")

    @app.get("/v1/health")
    def health() -> Health:
        return Health(status="ok", protocol=PROTOCOL_VERSION)

    return app
