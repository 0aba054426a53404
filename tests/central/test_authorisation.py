"""Per-structure authorisation: a station sees and changes its own structure's data only."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

from stationkit import Station, sealed


def test_another_structure_can_neither_push_pull_nor_fetch(
    enrol: Callable[[str], Station], structure: str
) -> None:
    mine, theirs = enrol(structure), enrol(f"{structure}-other")
    ben, req = f"ben-{structure}", f"req-{structure}"
    data = os.urandom(5000)
    sha = hashlib.sha256(data).hexdigest()
    upload = mine.create_upload(sha, len(data)).json()
    half = mine.put_chunk(upload["upload_id"], 0, data[:2500])
    assert half.status_code == 200
    mine.push_ok(
        [
            mine.op("beneficiary.patch", ben, {"fields": {"address": sealed()}}),
            mine.op("ar.create", req, {"beneficiary_id": ben}),
        ]
    )

    results = theirs.push_ok(
        [
            theirs.op("beneficiary.patch", ben, {"fields": {"address": sealed()}}),
            theirs.op("ar.note.add", req, {"note_id": "n1", "body": sealed()}),
            theirs.op("ar.create", f"{req}-2", {"beneficiary_id": ben}),
            theirs.op(
                "ar.transition", req, {"event": "passer_en_construction", "from_state": "brouillon"}
            ),
        ]
    )
    assert [(r["status"], r["code"]) for r in results] == [("rejected", "forbidden")] * 4

    seen, _ = theirs.pull_all()
    assert seen == {}
    mine_seen, _ = mine.pull_all()
    assert mine_seen[("beneficiary", ben)]["version"] == 1
    assert mine_seen[("aid_request", req)]["state"]["notes"] == {}

    # the unfinished upload and, once finished, the blob, stay invisible to them
    upload_id = upload["upload_id"]
    assert theirs.request("GET", f"/v1/uploads/{upload_id}").json()["code"] == "upload_unknown"
    stolen = theirs.put_chunk(upload_id, 2500, data[2500:])
    assert (stolen.status_code, stolen.json()["code"]) == (404, "upload_unknown")
    assert mine.put_chunk(upload_id, 2500, data[2500:]).json()["complete"]
    assert mine.request("HEAD", f"/v1/blobs/{sha}").status_code == 200
    assert theirs.request("HEAD", f"/v1/blobs/{sha}").status_code == 404
    denied = theirs.request("GET", f"/v1/blobs/{sha}")
    assert (denied.status_code, denied.json()["code"]) == (404, "blob_not_found")
    # having the bytes does not let them skip the upload: they send them all, like anyone
    theirs_upload = theirs.create_upload(sha, len(data))
    assert theirs_upload.status_code == 201
    attach = {
        "beneficiary_id": ben,
        "blob": sha,
        "size": len(data),
        "level": 1,
        "revision": 1,
        "meta": sealed(),
    }
    [result] = theirs.push_ok([theirs.op("doc.attach", f"doc-{structure}", attach)])
    assert (result["status"], result["code"]) == ("rejected", "forbidden")
