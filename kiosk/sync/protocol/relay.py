"""What the platform relays for a station: messages, confirmation codes, answers.

- ``POST /v1/relay/messages`` (:class:`MessageSend`, 202 :class:`MessageReceipt`): a message
  to an institution, sealed for it by the station. Idempotent on ``message_id`` (the same id
  with another content: 409 ``idempotency_conflict``). The message is also an entity of kind
  ``message`` that the station pulls, whose ``status`` moves ``queued`` -> ``delivered`` ->
  ``answered``. Institutions' answers arrive by pull, as entities of kind ``answer``.
- ``POST /v1/relay/confirmations`` (:class:`ConfirmationRequest`, 201
  :class:`ConfirmationSent`): the platform sends a 6-digit code by e-mail or SMS (in
  development: to a log outbox) to confirm a change of sensitive data. Idempotent on
  ``confirmation_id``: a retry does not send a second code. The platform keeps only a hash of
  the code and a masked address.
- ``POST /v1/relay/confirmations/{id}/check`` (:class:`ConfirmationCheck`,
  :class:`ConfirmationResult`): a wrong code lowers ``attempts_left``; at zero, 409
  ``confirmation_locked``; after ``expires_at``, 410 ``confirmation_expired``.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kiosk.sync.protocol.values import Id, Sealed

CODE_DIGITS = 6
CODE_TTL_SECONDS = 15 * 60
CODE_ATTEMPTS = 5

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,63}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .-]{5,19}$")


class MessageStatus(StrEnum):
    """Where a relayed message is."""

    QUEUED = "queued"
    DELIVERED = "delivered"
    ANSWERED = "answered"


class MessageSend(BaseModel):
    """A message to an institution.

    Attributes:
        message_id: client-chosen, the idempotency key.
        institution: the institution's code in the directory.
        request_id: the aid request it is about, if any.
        beneficiary_id: the beneficiary it is about, if any.
        body: sealed for the institution.
    """

    model_config = ConfigDict(extra="forbid")

    message_id: Id
    institution: Id
    request_id: Id | None = None
    beneficiary_id: Id | None = None
    body: Sealed


class MessageReceipt(BaseModel):
    """The platform has the message (and will deliver it)."""

    message_id: Id
    status: MessageStatus
    accepted_at_ms: int


class ConfirmationChannel(StrEnum):
    """How a confirmation code travels."""

    EMAIL = "email"
    SMS = "sms"


class ConfirmationRequest(BaseModel):
    """Send a confirmation code.

    Attributes:
        confirmation_id: client-chosen, the idempotency key.
        channel: e-mail or SMS.
        address: the e-mail address or phone number (used to send, never stored whole).
        purpose: what is being confirmed (e.g. ``"iban_change"``).
    """

    model_config = ConfigDict(extra="forbid")

    confirmation_id: Id
    channel: ConfirmationChannel
    address: str = Field(min_length=3, max_length=254)
    purpose: Id

    @model_validator(mode="after")
    def _address_fits_channel(self) -> ConfirmationRequest:
        pattern = _EMAIL if self.channel is ConfirmationChannel.EMAIL else _PHONE
        if not pattern.match(self.address):
            raise ValueError(f"not a valid {self.channel.value} address")
        return self


class ConfirmationSent(BaseModel):
    """The code is on its way."""

    confirmation_id: Id
    channel: ConfirmationChannel
    masked_address: str
    expires_at: int
    attempts_left: int


class ConfirmationCheck(BaseModel):
    """The code the person typed."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[0-9]{6}$")


class ConfirmationResult(BaseModel):
    """Whether the code was right."""

    confirmation_id: Id
    verified: bool
    attempts_left: int


def mask_address(channel: ConfirmationChannel, address: str) -> str:
    """``z•••@example.org`` / ``06•••••78``: enough for a person to recognise it."""
    if channel is ConfirmationChannel.EMAIL:
        local, _, domain = address.partition("@")
        return f"{local[:1]}•••@{domain}"
    digits = "".join(ch for ch in address if ch.isdigit() or ch == "+")
    return digits[:2] + "•" * max(len(digits) - 4, 1) + digits[-2:]
