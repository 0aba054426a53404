"""The domain: entities, value objects, state machines and policies, in plain Python.

Standard library only (no Qt, SQL or HTTP, nothing from other kiosk packages). Import
from the modules themselves (``kiosk.domain.audit``, ``kiosk.domain.proxy``...).
"""
