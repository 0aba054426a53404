"""Sensitivity levels of vault documents and of agents' competence."""

from __future__ import annotations

from enum import IntEnum


class SensitivityLevel(IntEnum):
    """How sensitive a document is; an agent sees a level only up to their competence.

    The values are stored (vault key per beneficiary and level) and signed (proxy
    ``max_level``): never renumber them.
    """

    ADMINISTRATIVE = 1
    SOCIAL_FINANCIAL = 2
    HEALTH_JUSTICE = 3
