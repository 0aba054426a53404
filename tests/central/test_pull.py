"""Pull: commit-ordered cursor, paging, cursor errors; concurrent writers never skipped."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from stationkit import Station, sealed

from kiosk.sync.protocol.pull import encode_cursor


def _create(station: Station, ben: str) -> dict[str, Any]:
    return station.op("beneficiary.patch", ben, {"fields": {"address": sealed()}})


def test_pages_follow_the_commit_order_and_an_entity_comes_once(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    ids = [f"p-{structure}-{i}" for i in range(7)]
    station.push_ok([_create(station, ben) for ben in ids])
    station.push_ok([_create(station, ids[0]), _create(station, ids[0])])  # ids[0] moves last
    first = station.pull(limit=3).json()
    assert [c["id"] for c in first["changes"]] == ids[1:4]
    assert first["has_more"]
    rest, cursor = station.pull_all(first["next_cursor"], limit=3)
    assert [key[1] for key in rest] == [*ids[4:], ids[0]]
    assert rest[("beneficiary", ids[0])]["version"] == 3
    seqs = [c["seq"] for c in first["changes"]] + [c["seq"] for c in rest.values()]
    assert seqs == sorted(seqs)
    # nothing new: same cursor, empty page
    empty = station.pull(cursor).json()
    assert (empty["changes"], empty["next_cursor"], empty["has_more"]) == ([], cursor, False)
    station.push_ok([_create(station, ids[3])])
    newer, _ = station.pull_all(cursor)
    assert list(newer) == [("beneficiary", ids[3])]


def test_unusable_cursors_say_pull_again_from_the_start(
    enrol: Callable[[str], Station], structure: str
) -> None:
    station = enrol(structure)
    other = enrol(f"{structure}-b")
    station.push_ok([_create(station, f"c-{structure}")])
    for cursor, code in [
        ("%%%", "cursor_invalid"),
        ("eyJ2IjoyfQ", "cursor_invalid"),  # {"v":2}
        (encode_cursor({other.structure_id: 1}), "cursor_invalid"),
        (encode_cursor({structure: 10_000}), "cursor_ahead"),
    ]:
        answer = station.pull(cursor)
        assert answer.status_code == 409, cursor
        assert answer.json()["code"] == code
    bad_limit = station.pull(limit=0)
    assert (bad_limit.status_code, bad_limit.json()["code"]) == (422, "bad_request")


def test_a_reader_beside_concurrent_writers_misses_nothing(
    enrol: Callable[[str], Station], structure: str
) -> None:
    writers = [enrol(structure) for _ in range(4)]
    reader = enrol(structure)
    shared = f"shared-{structure}"
    writers[0].push_ok([_create(writers[0], shared)])
    done = threading.Event()
    failures: list[BaseException] = []

    def write(index: int, station: Station) -> None:
        try:
            for batch in range(25):
                ops = [_create(station, f"w-{structure}-{index}-{batch}-{i}") for i in range(3)]
                ops.append(_create(station, shared))  # everyone also touches one entity
                station.push_ok(ops)
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(i, s)) for i, s in enumerate(writers)]
    for thread in threads:
        thread.start()
    seen: dict[tuple[str, str], tuple[int, int]] = {}
    cursor, last_seq, rng = "", 0, random.Random(5)
    while True:
        finished = done.is_set()
        page = reader.pull(cursor, limit=rng.randint(1, 9)).json()
        for change in page["changes"]:
            assert change["seq"] > last_seq  # strictly increasing, page after page
            last_seq = change["seq"]
            seen[(change["kind"], change["id"])] = (change["seq"], change["version"])
        cursor = page["next_cursor"]
        if finished and not page["has_more"]:
            break
        if not any(t.is_alive() for t in threads):
            done.set()
    for thread in threads:
        thread.join()
    assert not failures, failures
    everything, _ = reader.pull_all()
    assert seen == {key: (c["seq"], c["version"]) for key, c in everything.items()}
    beneficiaries = [key for key in seen if key[0] == "beneficiary"]
    assert len(beneficiaries) == 1 + 4 * 25 * 3
    # the shared entity was raced: every loser is a conflict record about it
    conflicts = [everything[key] for key in seen if key[0] == "conflict"]
    assert all(c["state"]["meta"]["entity_id"] == shared for c in conflicts)
    assert seen[("beneficiary", shared)][1] > 1
