"""Document reading beside two baselines, measured side by side in one run.

A distorted set is generated with ``docsynth`` (every type of OCR.md, varied layouts and
values, some with wrong check digits, photographed at an angle with blur, noise, shadows,
uneven light and JPEG compression). On each photo:
(a) our pipeline (``kiosk.ocr.pipeline.read_document``);
(b) the naive baseline: tesseract straight on the raw photo, then the same classifier and
    field extractors (no page detection, no straightening, no MRZ or 2D-Doc reader);
(c) PassportEye on the photos that carry an MRZ, against our MRZ fields on the same photos
    (our time there is the whole pipeline's: page, text, MRZ and 2D-Doc).
Printed per type and overall: field exact-match rate, documents classified right, the
checksum-invalid values shown as valid, median and p95 seconds per page.

Run: ``python bench/ocr.py [--per-type N] [--seed S] [--severity mild|medium|hard|mix]``.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from cryptography import x509

from docsynth import DOC_TYPES, photograph, render
from docsynth.twoddoc import test_certificate_pem
from kiosk.domain.documents import IDENTITY_TYPES
from kiosk.ocr.classify import classify
from kiosk.ocr.extract import EXTRACTORS
from kiosk.ocr.fields import FieldReading, TextIndex
from kiosk.ocr.image import decode_image, to_gray
from kiosk.ocr.pipeline import read_document
from kiosk.ocr.recognise import recognise
from kiosk.ocr.twoddoc import MemoryCertificateStore

MRZ_TYPES = ("cni", "passeport", "titre_sejour")
MRZ_FIELDS = ("nom", "numero_document", "date_naissance", "date_expiration", "sexe")
SEVERITIES = ("mild", "medium", "hard")
T = TypeVar("T")


@dataclass
class Case:
    """One photographed page and its truth."""

    doc_type: str
    fields: dict[str, str]
    invalid: set[str]
    jpeg: bytes


@dataclass
class Tally:
    """Scores of one reader on a set of pages."""

    fields: int = 0
    exact: int = 0
    docs: int = 0
    classified: int = 0
    false_valid: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, case: Case, kind: str, read: dict[str, str], valid: dict[str, bool | None],
            seconds: float) -> None:
        self.docs += 1
        self.classified += kind == case.doc_type
        for name, value in case.fields.items():
            self.fields += 1
            self.exact += read.get(name) == value
        self.false_valid += sum(valid.get(name) is True for name in case.invalid)
        self.seconds.append(seconds)

    def row(self) -> str:
        rate = 100 * self.exact / self.fields if self.fields else float("nan")
        kinds = 100 * self.classified / self.docs if self.docs else float("nan")
        times = sorted(self.seconds) or [float("nan")]
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        return (
            f"{rate:6.1f}% {self.exact:4d}/{self.fields:<4d} classified {kinds:5.1f}% "
            f"false-valid {self.false_valid:2d}  median {statistics.median(times):5.2f} s  "
            f"p95 {p95:5.2f} s"
        )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _values(fields: dict[str, FieldReading]) -> tuple[dict[str, str], dict[str, bool | None]]:
    return (
        {name: _text(f.value) for name, f in fields.items()},
        {name: f.valid for name, f in fields.items()},
    )


def make_set(per_type: int, seed: int, severity: str) -> list[Case]:
    """The distorted set: ``per_type`` photos of each type, one in five with a bad key."""
    cases = []
    for number in range(per_type * len(DOC_TYPES)):
        rng = random.Random(f"bench:{seed}:{number}")
        doc_type = DOC_TYPES[number % len(DOC_TYPES)]
        sample = render(doc_type, rng, invalid=rng.random() < 0.2)
        level = rng.choice(SEVERITIES[:2]) if severity == "mix" else severity
        photo = photograph(sample.image, sample.size_mm, rng, severity=level)
        cases.append(Case(doc_type, dict(sample.fields), set(sample.invalid), photo.jpeg))
    return cases


Result = tuple[str, dict[str, str], dict[str, bool | None]]


# The station trusts the certificates it has: here docsynth's test 2D-Doc authority, as a
# station trusts ANTS's (without it every 2D-Doc would be honestly "non vérifié").
STORE = MemoryCertificateStore(
    {("FR00", "DSY1"): x509.load_pem_x509_certificate(test_certificate_pem())}
)


def ours(case: Case) -> Result:
    reading = read_document(case.jpeg, STORE)
    read, valid = _values(reading.fields)
    return reading.type.value, read, valid


def naive(case: Case) -> Result:
    """Tesseract on the raw photo, then our classifier and text extractors on its text."""
    gray = to_gray(decode_image(case.jpeg))
    index = TextIndex(recognise(gray, "fra"))
    kind = classify("\n".join(index.folded), None, None).type
    extractor = EXTRACTORS.get(kind.value)
    if kind in IDENTITY_TYPES or extractor is None:
        return kind.value, {}, {}  # no MRZ or 2D-Doc reader in the naive baseline
    read, valid = _values(extractor(index))
    return kind.value, read, valid


def _mrz_name(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(folded.upper().replace("-", " ").replace("'", " ").split())


def _yymmdd(value: str) -> str:
    return value[2:4] + value[5:7] + value[8:10] if len(value) == 10 else value


def mrz_truth(case: Case) -> dict[str, str]:
    """The MRZ-borne fields of the truth, in the MRZ's own alphabet."""
    truth = {name: case.fields[name] for name in MRZ_FIELDS if name in case.fields}
    if "nom" in truth:
        truth["nom"] = _mrz_name(truth["nom"])
    for name in ("date_naissance", "date_expiration"):
        if name in truth:
            truth[name] = _yymmdd(truth[name])
    return truth


def mrz_form(read: dict[str, str]) -> dict[str, str]:
    """Our MRZ-borne fields in the MRZ's own alphabet."""
    got = {name: read[name] for name in MRZ_FIELDS if name in read}
    if "nom" in got:
        got["nom"] = _mrz_name(got["nom"])
    for name in ("date_naissance", "date_expiration"):
        if name in got:
            got[name] = _yymmdd(got[name])
    return got


def passporteye_mrz(case: Case) -> dict[str, str]:
    with warnings.catch_warnings():  # PassportEye uses deprecated scikit-image calls
        warnings.simplefilter("ignore")
        from passporteye import read_mrz  # the bench's own dependency (pip extra "bench")

        return _passporteye(read_mrz, case)


def _passporteye(read_mrz: Callable[..., Any], case: Case) -> dict[str, str]:
    mrz = read_mrz(io.BytesIO(case.jpeg))
    if mrz is None:
        return {}
    data = mrz.to_dict()
    got = {
        "nom": _mrz_name(str(data.get("surname", "")).replace("<", " ")),
        "numero_document": str(data.get("number", "")).replace("<", ""),
        "date_naissance": str(data.get("date_of_birth", "")),
        "date_expiration": str(data.get("expiration_date", "")),
        "sexe": {"M": "M", "F": "F"}.get(str(data.get("sex", "")), "X"),
    }
    return {name: value for name, value in got.items() if value}


def _timed(fn: Callable[[Case], T], case: Case) -> tuple[T, float]:
    start = time.perf_counter()
    result = fn(case)
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-type", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--severity", default="mix", choices=(*SEVERITIES, "mix"))
    args = parser.parse_args()
    cases = make_set(args.per_type, args.seed, args.severity)
    print(f"{len(cases)} photographed pages ({args.per_type} per type, severity {args.severity})")
    ours_by: dict[str, Tally] = defaultdict(Tally)
    naive_by: dict[str, Tally] = defaultdict(Tally)
    mrz_ours, mrz_pe = Tally(), Tally()
    for case in cases:  # interleaved: each reader on the same page, one after the other
        (kind, read, valid), seconds = _timed(ours, case)
        ours_by[case.doc_type].add(case, kind, read, valid, seconds)
        if case.doc_type in MRZ_TYPES:
            truth = Case(case.doc_type, mrz_truth(case), set(), case.jpeg)
            mrz_ours.add(truth, case.doc_type, mrz_form(read), {}, seconds)
            got, seconds = _timed(passporteye_mrz, case)
            mrz_pe.add(truth, case.doc_type, got, {}, seconds)
        (kind, read, valid), seconds = _timed(naive, case)
        naive_by[case.doc_type].add(case, kind, read, valid, seconds)

    def total(tallies: dict[str, Tally]) -> Tally:
        whole = Tally()
        for tally in tallies.values():
            whole.fields += tally.fields
            whole.exact += tally.exact
            whole.docs += tally.docs
            whole.classified += tally.classified
            whole.false_valid += tally.false_valid
            whole.seconds += tally.seconds
        return whole

    print(f"{'type':24s} {'ours: fields exact':>26s} | naive tesseract on the raw photo")
    for doc_type in DOC_TYPES:
        print(f"{doc_type:24s} {ours_by[doc_type].row()}")
        print(f"{'':24s} {naive_by[doc_type].row()}  (naive)")
    whole, base = total(ours_by), total(naive_by)
    print(f"{'ALL (ours)':24s} {whole.row()}")
    print(f"{'ALL (naive)':24s} {base.row()}")
    print(f"MRZ fields, ours       : {mrz_ours.row()}")
    print(f"MRZ fields, PassportEye: {mrz_pe.row()}")
    speed = statistics.median(mrz_pe.seconds) / max(statistics.median(mrz_ours.seconds), 1e-9)
    accuracy = (mrz_ours.exact / max(mrz_ours.fields, 1)) - (mrz_pe.exact / max(mrz_pe.fields, 1))
    print(
        f"ratios: ours/naive field rate {whole.exact / max(base.exact, 1):.2f}x; "
        f"MRZ: PassportEye time / ours {speed:.2f}x, accuracy ours - PassportEye "
        f"{100 * accuracy:+.1f} points"
    )
    print(
        "targets: fields >= 95%, classified >= 99%, false-valid 0, MRZ better than PassportEye "
        "and >= 2x faster, median < 1.5 s per page"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
