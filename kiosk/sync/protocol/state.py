"""The server's view of an entity, as pulled: clear metadata and sealed, versioned fields.

Every entity has a ``version`` that grows by one with each operation that changes it. Each
sealed field remembers the version that set it, the stamp and the station: an operation says
which field versions it was made against, and only an intervening change of the *same*
field is a conflict.

``meta`` (clear, read by the server) by kind:

- ``beneficiary``: nothing; every personal field is sealed.
- ``aid_request``: ``beneficiary_id``, ``state`` (:class:`RequestState`), ``state_version``
  (entity version of the last transition), ``correction_pending``, ``history`` (list of
  ``{event, source, target, hlc, station}``), ``corrections`` (list of
  ``{reason, hlc, station, resolved_hlc}``).
- ``document``: ``beneficiary_id``, ``blob`` (SHA-256 of the ciphertext), ``size``, ``level``,
  ``revision``, ``wrapped_keys`` (sealed HPKE stanzas).
- ``audit``: ``beneficiary_id``.
- ``conflict``: ``entity_kind``, ``entity_id``, ``field``, ``reason``
  (:class:`ConflictReason`), ``op_id``; fields ``winner`` (absent if none) and ``loser``.
- ``message``: ``institution``, ``request_id``, ``beneficiary_id``, ``status``
  (:class:`~kiosk.sync.protocol.relay.MessageStatus`); field ``body``.
- ``answer``: ``message_id``, ``institution``; field ``body``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from kiosk.sync.protocol.values import FieldName, Id, Sealed


class EntityKind(StrEnum):
    """What an entity is."""

    BENEFICIARY = "beneficiary"
    AID_REQUEST = "aid_request"
    DOCUMENT = "document"
    AUDIT = "audit"
    CONFLICT = "conflict"
    MESSAGE = "message"
    ANSWER = "answer"


class ConflictReason(StrEnum):
    """Why a conflict record was made (it is shown on the stations; nothing is dropped)."""

    CONCURRENT_EDIT = "concurrent_edit"  # same field changed on two stations: later stamp won
    IDENTITY_FIELD = "identity_field"  # name, birth date, NIR: never merged automatically
    AMENDMENT_PROPOSED = "amendment_proposed"  # substantive edit raced the filing


class FieldValue(BaseModel):
    """A sealed value with its provenance.

    Attributes:
        value: the ciphertext (base64).
        version: the entity version that set it.
        hlc: the (server-clamped) stamp of the operation.
        station: the station that made it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Sealed
    version: int = Field(ge=1)
    hlc: int = Field(ge=0)
    station: Id


class EntityState(BaseModel):
    """An entity's content on the server (and in a station's shadow copy).

    Attributes:
        meta: clear metadata (see the module's documentation).
        fields: sealed fields by name.
        amendments: substantive changes proposed after filing, waiting for the instructor.
        notes: append-only sealed notes by note id.
    """

    model_config = ConfigDict(extra="forbid")

    meta: dict[str, JsonValue] = Field(default_factory=dict)
    fields: dict[FieldName, FieldValue] = Field(default_factory=dict)
    amendments: dict[FieldName, FieldValue] = Field(default_factory=dict)
    notes: dict[Id, FieldValue] = Field(default_factory=dict)
