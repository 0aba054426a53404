"""Concurrent edits from two stations of one structure, merged by the server's rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from stationkit import Station, sealed


@dataclass
class Pair:
    """Two stations of one structure, a beneficiary and one of their requests."""

    a: Station
    b: Station
    ben: str
    req: str

    def state(self, station: Station, kind: str, entity: str) -> dict[str, Any]:
        changes, _ = station.pull_all()
        change: dict[str, Any] = changes[(kind, entity)]
        return change

    def request(self, station: Station) -> dict[str, Any]:
        state: dict[str, Any] = self.state(station, "aid_request", self.req)["state"]
        return state

    def conflicts(self, station: Station) -> list[dict[str, Any]]:
        changes, _ = station.pull_all()
        return [c for (kind, _), c in changes.items() if kind == "conflict"]

    def patch(
        self, station: Station, fields: dict[str, str], seen: dict[str, int], base_version: int = 0
    ) -> dict[str, Any]:
        payload = {"fields": fields, "field_versions": seen}
        return station.op("beneficiary.patch", self.ben, payload, base_version)

    def transition(self, station: Station, event: str, source: str, **extra: str) -> dict[str, Any]:
        payload = {"event": event, "from_state": source, **extra}
        return station.op("ar.transition", self.req, payload)


@pytest.fixture
def pair(enrol: Callable[[str], Station], structure: str) -> Pair:
    # ids are client-chosen and platform-wide: these are this test's own
    p = Pair(enrol(structure), enrol(structure), f"ben-{structure}", f"req-{structure}")
    p.a.push_ok(
        [
            p.patch(p.a, {"family_name": sealed(), "address": sealed()}, {}),
            p.a.op(
                "ar.create",
                p.req,
                {"beneficiary_id": p.ben, "fields": {"amount": sealed(), "contact": sealed()}},
            ),
        ]
    )
    return p


def test_same_field_race_keeps_one_winner_and_one_conflict(pair: Pair) -> None:
    a, b = pair.a, pair.b
    first, second = sealed(), sealed()
    # both edited version 1; b's stamp is later, a commits last
    a_op = pair.patch(a, {"address": first}, {"address": 1})
    b_op = pair.patch(b, {"address": second}, {"address": 1})
    b_op["hlc"] = a_op["hlc"] + 1
    assert b.push_ok([b_op])[0]["status"] == "applied"
    result = a.push_ok([a_op])[0]
    assert result["status"] == "merged" and len(result["conflict_ids"]) == 1
    ben = pair.state(a, "beneficiary", pair.ben)
    assert ben["state"]["fields"]["address"]["value"] == second
    [conflict] = pair.conflicts(b)  # visible on both stations
    assert conflict["id"] == result["conflict_ids"][0]
    assert conflict["state"]["meta"]["reason"] == "concurrent_edit"
    assert conflict["state"]["fields"]["loser"]["value"] == first
    assert conflict["state"]["fields"]["winner"]["value"] == second


def test_different_fields_both_apply(pair: Pair) -> None:
    x, y = sealed(), sealed()
    pair.b.push_ok([pair.patch(pair.b, {"phone": x}, {})])
    pair.a.push_ok([pair.patch(pair.a, {"email": y}, {})])
    fields = pair.state(pair.a, "beneficiary", pair.ben)["state"]["fields"]
    assert (fields["phone"]["value"], fields["email"]["value"]) == (x, y)
    assert pair.conflicts(pair.a) == []


def test_a_station_replaces_its_own_earlier_value_without_conflict(pair: Pair) -> None:
    later = sealed()
    # made offline one after the other: neither knew the version the first would get
    pair.a.push_ok(
        [
            pair.patch(pair.a, {"family_name": sealed()}, {"family_name": 1}),
            pair.patch(pair.a, {"family_name": later}, {"family_name": 1}),
        ]
    )
    fields = pair.state(pair.a, "beneficiary", pair.ben)["state"]["fields"]
    assert fields["family_name"]["value"] == later
    assert pair.conflicts(pair.a) == []


def test_identity_fields_never_merge_automatically(pair: Pair) -> None:
    pair.a.push_ok([pair.patch(pair.a, {"family_name": sealed()}, {"family_name": 1})])
    kept = pair.state(pair.a, "beneficiary", pair.ben)["state"]["fields"]["family_name"]
    mine = sealed()
    result = pair.b.push_ok([pair.patch(pair.b, {"family_name": mine}, {"family_name": 1})])[0]
    assert result["status"] == "merged"
    [conflict] = pair.conflicts(pair.b)
    assert conflict["state"]["meta"]["reason"] == "identity_field"
    assert conflict["state"]["fields"]["loser"]["value"] == mine
    now = pair.state(pair.b, "beneficiary", pair.ben)["state"]["fields"]["family_name"]
    assert now == kept


def test_an_edit_racing_the_filing_becomes_an_amendment(pair: Pair) -> None:
    a, b = pair.a, pair.b
    a.push_ok(
        [
            pair.transition(a, "passer_en_construction", "brouillon"),
            pair.transition(a, "passer_en_instruction", "en_construction"),
        ]
    )
    amount, contact = sealed(), sealed()
    # b still saw version 1 (brouillon)
    edit = b.op(
        "ar.patch",
        pair.req,
        {
            "fields": {"amount": amount, "contact": contact},
            "field_versions": {"amount": 1, "contact": 1},
        },
        base_version=1,
    )
    result = b.push_ok([edit])[0]
    assert result["status"] == "merged"
    request = pair.request(b)
    assert request["meta"]["state"] == "en_instruction"
    assert request["fields"]["contact"]["value"] == contact  # annotation: applied
    assert request["fields"]["amount"]["value"] != amount  # substantive: proposed only
    assert request["amendments"]["amount"]["value"] == amount
    [conflict] = pair.conflicts(a)
    assert conflict["state"]["meta"]["reason"] == "amendment_proposed"
    # the same edit made knowingly after the filing is refused
    late = b.op("ar.patch", pair.req, {"fields": {"amount": sealed()}}, base_version=4)
    assert b.push_ok([late])[0]["code"] == "not_editable"


def test_racing_transitions(pair: Pair) -> None:
    a, b = pair.a, pair.b
    a.push_ok([pair.transition(a, "passer_en_construction", "brouillon")])
    # the same transition twice: the second is a no-op
    same = b.push_ok([pair.transition(b, "passer_en_construction", "brouillon")])[0]
    assert (same["status"], same["code"]) == ("applied", "noop")
    a.push_ok([pair.transition(a, "passer_en_instruction", "en_construction")])
    a.push_ok([pair.transition(a, "accepter", "en_instruction")])
    # b decided differently on what it saw: re-checked from "accepte", refused
    refused = b.push_ok([pair.transition(b, "refuser", "en_instruction")])[0]
    assert (refused["status"], refused["code"]) == ("rejected", "illegal_transition")
    # b re-opens from what it saw: legal from the current state too, so applied
    reopened = b.push_ok([pair.transition(b, "repasser_en_instruction", "refuse")])[0]
    assert reopened["status"] == "applied" and reopened["code"] is None
    meta = pair.request(a)["meta"]
    assert meta["state"] == "en_instruction"
    assert [step["event"] for step in meta["history"]] == [
        "passer_en_construction",
        "passer_en_instruction",
        "accepter",
        "repasser_en_instruction",
    ]


@pytest.mark.parametrize("reason", [None, "incomplete"])
def test_the_correction_guard_holds(pair: Pair, reason: str | None) -> None:
    a = pair.a
    a.push_ok(
        [
            pair.transition(a, "passer_en_construction", "brouillon"),
            pair.transition(a, "passer_en_instruction", "en_construction"),
        ]
    )
    extra = {} if reason is None else {"reason": reason}
    asked = a.push_ok([pair.transition(a, "demander_correction", "en_instruction", **extra)])[0]
    if reason is None:
        assert asked["code"] == "reason_required"
        return
    assert asked["status"] == "applied"
    again = pair.transition(a, "passer_en_instruction", "en_construction")
    assert a.push_ok([again])[0]["code"] == "correction_pending"
    assert a.push_ok([a.op("ar.correction.resolve", pair.req, {})])[0]["status"] == "applied"
    again = pair.transition(a, "passer_en_instruction", "en_construction")
    assert a.push_ok([again])[0]["status"] == "applied"
