"""The sync wire protocol, version 1: what a station and the central platform exchange.

Shared by the station (``kiosk.sync``) and the reference server (``central``), which imports
only this package and ``kiosk.domain`` from the kiosk. It depends on pydantic, cryptography and
the domain; nothing here does I/O. ``PROTOCOL.md`` beside this file describes the exchanges.

Modules:
    problems: errors as ``application/problem+json`` with a stable ``code``.
    signing: how a station signs a request with its P-256 key, and how it is checked.
    stations: enrolment, time, the station's own record.
    values: identifiers, sealed (ciphertext) values, SHA-256 names.
    ops: the operations a station pushes and the per-operation results.
    state: the server's view of an entity (clear metadata, sealed fields with versions).
    merge: the pure merge rules the server applies (aid-request state machine aware).
    pull: changes since a commit-ordered cursor.
    blobs: resumable, content-addressed uploads of ciphertext.
    relay: messages to institutions, confirmation codes, institutions' answers.
    hlc: hybrid logical clock stamps.
"""

PROTOCOL_VERSION = 1
API_PREFIX = "/v1"
