"""``python -m docsynth OUTDIR --count N --seed S [--types ...] [--photo] [--bad]``

Writes the images and ``truth.jsonl`` (one JSON object per image; see docsynth/README.md).
Sample ``i`` is a pure function of (seed, i, options): its RNG is ``Random(f"{seed}:{i}")``.
Types are taken round-robin, and each type's variants in turn, so ``--count`` equal to
twice the number of types gives every type twice.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from docsynth import twoddoc
from docsynth.photo import PRESETS, Photo, photograph, photograph_nothing
from docsynth.render import DOC_TYPES, VARIANTS, Sample, render

SEVERITIES = ("mild", "medium", "hard")


def _severity(arg: str, i: int) -> float | str:
    if arg == "mix":
        return SEVERITIES[i % 3]
    if arg in PRESETS:
        return arg
    return float(arg)


def _frame(arg: str) -> tuple[int, int]:
    w, _, h = arg.lower().partition("x")
    return int(w), int(h)


def _truth(file: str, s: Sample, *, case: str, photo: Photo | None = None,
           source: str | None = None) -> dict[str, Any]:
    w, h = s.image.size
    corners = [[0.0, 0.0], [float(w), 0.0], [float(w), float(h)], [0.0, float(h)]]
    row: dict[str, Any] = {
        "file": file,
        "type": s.doc_type,
        "variant": s.variant,
        "case": case,
        "fields": s.fields,
        "invalid": sorted(s.invalid),
        "photo": photo is not None,
        "corners": corners,
        "rotation": 0,
        "severity": None,
        "source": source,
        "dpi": s.dpi,
        "size_mm": list(s.size_mm),
        "meta": s.meta,
    }
    if photo is not None:
        row["corners"] = ([[round(x, 1), round(y, 1)] for x, y in photo.corners]
                          if photo.corners is not None else None)
        row["rotation"] = photo.rotation
        row["severity"] = round(photo.severity, 3)
        row["meta"] = s.meta | {f"photo_{k}": val for k, val in photo.meta.items()}
    return row


def _save_clean(s: Sample, path: Path, palette: int) -> None:
    img = s.image
    if palette and img.mode == "RGB":
        img = img.quantize(palette)
    img.save(path, "PNG", optimize=True)


def _bad_cases(seed: str, dpi: int) -> list[tuple[str, Sample, int | None, bool]]:
    """(case, sample, forced rotation, no page) for the bad-input list of the issue."""
    def r(tag: str) -> random.Random:
        return random.Random(f"{seed}:bad:{tag}")  # noqa: S311

    rib = render("rib", r("iban"), dpi=dpi, invalid=True)
    k = 0
    while rib.meta.get("iban_flaw") != "iban_check":  # the IBAN's own key (mod 97) is wrong
        k += 1
        rib = render("rib", r(f"iban{k}"), dpi=dpi, invalid=True)
    return [
        ("iban_wrong_key", rib, None, False),
        ("mrz_wrong_check", render("cni", r("mrz"), dpi=dpi, invalid=True,
                                   variant="td1_copy"), None, False),
        ("upside_down", render("attestation_caf", r("upside"), dpi=dpi), 180, False),
        ("unknown_type", render("autre", r("autre"), dpi=dpi, variant="lettre"), None, False),
        ("empty_page", render("autre", r("empty"), dpi=dpi, variant="empty"), None, False),
        ("no_page", render("autre", r("nopage"), dpi=dpi, variant="empty"), None, True),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m docsynth", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--count", type=int, default=len(DOC_TYPES))
    ap.add_argument("--seed", default="0")
    ap.add_argument("--types", nargs="+", choices=DOC_TYPES, default=list(DOC_TYPES))
    ap.add_argument("--dpi", type=int, default=200, help="render resolution (200-300)")
    ap.add_argument("--invalid-rate", type=float, default=0.2,
                    help="share of checkable documents given a wrong key/check digit")
    ap.add_argument("--photo", action="store_true", help="also photograph every document")
    ap.add_argument("--photo-every", type=int, default=1, metavar="N",
                    help="with --photo: photograph one sample in N (every type in turn)")
    ap.add_argument("--no-clean", action="store_true", help="with --photo: photos only")
    ap.add_argument("--severity", default="mix", help="mild|medium|hard|0..1|mix")
    ap.add_argument("--frame", default="2448x3264", help="camera frame WxH (default 8 MP)")
    ap.add_argument("--table", choices=("dark", "light"), default="dark")
    ap.add_argument("--bad", action="store_true",
                    help="add the bad-input cases (wrong IBAN key, wrong MRZ check digit, "
                         "upside-down page, unknown type, empty page, no page)")
    ap.add_argument("--palette", type=int, default=0,
                    help="quantize clean PNGs to N colours (smaller files; 0 = off)")
    a = ap.parse_args(argv)
    if a.no_clean and not a.photo:
        ap.error("--no-clean needs --photo")
    a.outdir.mkdir(parents=True, exist_ok=True)
    frame = _frame(a.frame)
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i in range(a.count):
        doc_type = a.types[i % len(a.types)]
        k = seen.get(doc_type, 0)
        seen[doc_type] = k + 1
        variants = VARIANTS[doc_type]
        rng = random.Random(f"{a.seed}:{i}")  # noqa: S311
        invalid = rng.random() < a.invalid_rate
        s = render(doc_type, rng, dpi=a.dpi, invalid=invalid,
                   variant=variants[k % len(variants)])
        stem = f"{i:04d}_{doc_type}_{s.variant}"
        if not a.no_clean:
            _save_clean(s, a.outdir / f"{stem}.png", a.palette)
            rows.append(_truth(f"{stem}.png", s, case="normal"))
        # type index + round: with N = 2, each type is photographed once every two rounds
        if a.photo and (i % len(a.types) + i // len(a.types)) % max(a.photo_every, 1) == 0:
            prng = random.Random(f"{a.seed}:{i}:photo")  # noqa: S311
            ph = photograph(s.image, s.size_mm, prng, severity=_severity(a.severity, i),
                            frame=frame, table_kind=a.table)
            (a.outdir / f"{stem}_photo.jpg").write_bytes(ph.jpeg)
            rows.append(_truth(f"{stem}_photo.jpg", s, case="normal", photo=ph,
                               source=None if a.no_clean else f"{stem}.png"))
        print(f"{stem}", file=sys.stderr)
    if a.bad:
        for j, (case, s, rotation, nothing) in enumerate(_bad_cases(a.seed, a.dpi)):
            stem = f"bad{j:02d}_{case}"
            prng = random.Random(f"{a.seed}:bad:{case}:photo")  # noqa: S311
            sev = _severity(a.severity, j)
            if nothing:
                ph = photograph_nothing(prng, severity=sev, frame=frame, table_kind=a.table)
                s.fields, s.variant = {}, "no_page"
            else:
                ph = photograph(s.image, s.size_mm, prng, severity=sev, frame=frame,
                                rotation=rotation, table_kind=a.table)
            (a.outdir / f"{stem}_photo.jpg").write_bytes(ph.jpeg)
            rows.append(_truth(f"{stem}_photo.jpg", s, case=case, photo=ph))
            print(stem, file=sys.stderr)
    # The certificate that verifies the synthetic 2D-Docs (test CA FR00, certificate DSY1).
    (a.outdir / "2ddoc-test-certificate.pem").write_bytes(twoddoc.test_certificate_pem())
    with (a.outdir / "truth.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
