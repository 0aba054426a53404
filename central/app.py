"""The central platform's HTTP application (FastAPI): protocol version 1 under ``/v1``.

``create_app`` builds everything from the settings (no global state; each call is a fresh
app with its own platform). The routes live in :mod:`central.routes`; the wire models in
:mod:`kiosk.sync.protocol`. ``/docs`` serves the OpenAPI description.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from central.platform import Platform, open_platform
from central.problems import install_handlers
from central.routes import blobs, relay, stations, sync
from central.settings import CentralSettings, load_settings
from kiosk.sync.protocol import PROTOCOL_VERSION

__all__ = ["PROTOCOL_VERSION", "create_app"]


def create_app(settings: CentralSettings | None = None) -> FastAPI:
    """Build the application; the database is migrated here."""
    platform: Platform = open_platform(settings or load_settings())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        platform.close()

    app = FastAPI(title="Plateforme centrale", version="0.1.0", lifespan=lifespan)
    app.state.platform = platform
    install_handlers(app)
    for module in (stations, sync, blobs, relay):
        app.include_router(module.router)
    return app
