"""One renderer per document type of OCR.md, drawn with Pillow.

``render(doc_type, rng)`` returns a :class:`Sample`: the image, the type, the ground-truth
fields in OCR.md's canonical names and forms, and the set of fields that carry a wrong
check digit or key on purpose. See docsynth/README.md for the exact conventions.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from docsynth import mrz, twoddoc
from docsynth import values as v
from docsynth.canvas import BLACK, MONO, OCRB, Canvas, Color, Family, Style

A4 = (210.0, 297.0)
A5 = (148.0, 210.0)
ID1 = (85.6, 53.98)
ID2_OLD_CNI = (105.0, 74.0)
PASSPORT_PAGE = (125.0, 88.0)
TODAY = date(2025, 6, 1)

DOC_TYPES = (
    "cni", "passeport", "titre_sejour", "rib", "avis_imposition", "attestation_caf",
    "justificatif_domicile", "attestation_droits_am", "bulletin_salaire", "livret_famille",
    "autre",
)
VARIANTS: dict[str, tuple[str, ...]] = {
    "cni": ("old_card", "td1_copy", "td1_card", "old_copy"),
    "passeport": ("copy", "page"),
    "titre_sejour": ("card", "copy"),
    "rib": ("classic", "compact"),
    "avis_imposition": ("page",),
    "attestation_caf": ("paiement", "quotient"),
    "justificatif_domicile": ("energie", "quittance", "telecom", "eau"),
    "attestation_droits_am": ("page",),
    "bulletin_salaire": ("page",),
    "livret_famille": ("mariage", "parent"),
    "autre": ("lettre", "ecole", "empty"),
}


@dataclass
class Sample:
    """A rendered document and its ground truth.

    ``fields`` holds canonical strings only; ``mrz_valide`` and ``2ddoc_valide`` are the
    strings ``"true"``/``"false"``. ``invalid`` names the fields printed with a wrong check
    digit or key (the OCR must report them with ``valid: false``); the verdict fields
    themselves are never listed there, their value says it.
    """

    image: Image.Image
    doc_type: str
    fields: dict[str, str]
    invalid: set[str] = field(default_factory=set)
    variant: str = ""
    dpi: int = 200
    size_mm: tuple[float, float] = A4
    meta: dict[str, str] = field(default_factory=dict)


# --- shared drawing pieces ---------------------------------------------------------------


def _doc_date(rng: random.Random) -> date:
    return v.random_date(rng, date(2023, 1, 10), date(2025, 5, 28))


def _photo(c: Canvas, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    tone = rng.randint(185, 225)
    c.rect(x, y, w, h, outline=None, fill=(tone, tone, tone + 5))
    face = rng.randint(120, 175)
    c.ellipse(x + w * 0.3, y + h * 0.15, w * 0.4, h * 0.42, fill=(face, face - 10, face - 20))
    c.draw.pieslice((c.px(x + w * 0.1), c.px(y + h * 0.58), c.px(x + w * 0.9),
                     c.px(y + h * 1.35)), 180, 360, fill=(70, 70, 90))


def _signature(c: Canvas, x: float, y: float, w: float, rng: random.Random,
               color: Color = (20, 30, 110)) -> None:
    pts = []
    n = rng.randint(25, 45)
    a, b = rng.uniform(1.5, 4), rng.uniform(2, 6)
    for i in range(n):
        t = i / (n - 1)
        pts.append((c.px(x + w * t + math.sin(t * b * 6.28) * 1.5),
                    c.px(y + math.sin(t * a * 6.28 + 1) * 2.5 + rng.uniform(-0.4, 0.4))))
    c.draw.line(pts, fill=color, width=max(1, c.px(0.3)), joint="curve")


def _guilloche(c: Canvas, rng: random.Random, color: Color, *, count: int = 14) -> None:
    w, h = c.width_mm, c.height_mm
    for k in range(count):
        amp = rng.uniform(1.5, 6)
        lam = rng.uniform(12, 40)
        phase = rng.uniform(0, 6.28)
        y0 = h * (k + 0.5) / count
        pts = [(c.px(x / 2), c.px(y0 + amp * math.sin(x / 2 / lam * 6.28 + phase)))
               for x in range(0, int(w * 2) + 1)]
        c.draw.line(pts, fill=color, width=1)


def _card_background(c: Canvas, rng: random.Random, base: Color, lines: Color) -> None:
    c.rect(0, 0, c.width_mm, c.height_mm, outline=None, fill=base)
    _guilloche(c, rng, lines)


def _rounded_alpha(img: Image.Image, radius_px: int) -> Image.Image:
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, img.width - 1, img.height - 1),
                                           radius=radius_px, fill=255)
    out = img.convert("RGBA")
    out.putalpha(mask)
    return out


def _mrz_block(c: Canvas, lines: list[str], x: float, y: float, *,
               line_pitch: float = 4.2) -> None:
    """OCR-B at 10 characters per inch (2.54 mm pitch), as ICAO 9303 requires."""
    pitch_px = c.dpi / 10
    f = c.font(OCRB, 1)  # size computed below
    size_px = round(pitch_px / 0.7229)
    f = f.font_variant(size=size_px)
    for i, line in enumerate(lines):
        yy = c.px(y + i * line_pitch)
        for j, ch in enumerate(line):
            c.draw.text((c.px(x) + round(j * pitch_px), yy), ch, font=f, fill=(10, 10, 10))


def _stamp(c: Canvas, x: float, y: float, r: float, text: str, color: Color) -> None:
    c.ellipse(x - r, y - r, 2 * r, 2 * r, outline=color, width=0.5)
    c.ellipse(x - r * 0.72, y - r * 0.72, 1.44 * r, 1.44 * r, outline=color, width=0.3)
    c.text(x, y, text, 5, "DejaVuSans-Bold.ttf", fill=color, anchor="mm")


def _photocopy(img: Image.Image, rng: random.Random) -> Image.Image:
    g = ImageOps.grayscale(img.convert("RGB"))
    g = ImageOps.autocontrast(g, cutoff=rng.uniform(0.5, 3))
    return g.convert("RGB")


def _copy_page(parts: list[Image.Image], dpi: int, rng: random.Random) -> Image.Image:
    """An A4 photocopy with the given card/page images stacked from the top."""
    page = Canvas(*A4, dpi)
    y = rng.uniform(15, 35)
    for part in parts:
        img = _photocopy(part, rng)
        if part.mode == "RGBA":
            bg = Image.new("RGB", part.size, (255, 255, 255))
            bg.paste(img, mask=part.getchannel("A"))
            img = bg
        x = rng.uniform(20, max(21.0, A4[0] - 20 - page.mm(img.width)))
        page.image.paste(img, (page.px(x), page.px(y)))
        page.rect(x, y, page.mm(img.width), page.mm(img.height), outline=(120, 120, 120),
                  width=0.15)
        y += page.mm(img.height) + rng.uniform(12, 30)
    return page.image


def _id_date(d: date, rng: random.Random) -> str:
    return v.fr_date(d, rng.choice(["space", "dot", "slash"]))


def _fields_from_mrz_only(p: v.Person) -> dict[str, str]:
    """Names readable from an MRZ alone: kept only when they round-trip exactly."""
    out: dict[str, str] = {}
    surname = mrz.transliterate(p.nom)
    if surname == p.nom_canon and len(surname) <= 26:
        out["nom"] = p.nom_canon
    if len(p.prenoms) == 1:
        g = mrz.transliterate(p.prenoms[0])
        if g == v.canon(p.prenoms[0]) and len(surname) + 2 + len(g) <= 30:
            out["prenoms"] = v.canon(p.prenoms[0])
    return out


def _letters(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
DIGITS = "0123456789"


# --- identity documents ------------------------------------------------------------------


def _identity_truth(p: v.Person, number: str, expiry: date | None, valid: bool
                    ) -> dict[str, str]:
    out = {
        "nom": p.nom_canon,
        "prenoms": p.prenoms_canon,
        "sexe": p.sexe,
        "date_naissance": p.date_naissance.isoformat(),
        "nationalite": p.nationalite,
        "numero_document": number,
        "mrz_valide": "true" if valid else "false",
    }
    if expiry is not None:
        out["date_expiration"] = expiry.isoformat()
    return out


def _pick_bad(rng: random.Random, invalid: bool, choices: tuple[str, ...]) -> str | None:
    return rng.choice(choices) if invalid else None


def _apply_bad(fields: dict[str, str], bad: str | None) -> set[str]:
    if bad is None:
        return set()
    name = mrz.CHECK_FIELDS.get(bad)
    return {name} if name and name in fields else set()


def _bilingual(c: Canvas, x: float, y: float, fr: str, en: str, value: str, st: Style, *,
               vsize: float = 7.0, max_w: float = 50) -> None:
    c.text(x, y, f"{fr} / {en}", 4.3, st.family, fill=(70, 70, 90))
    size = c.fit(value, vsize, st.family, max_w, "bold")
    c.text(x, y + 2.0, value, size, st.family, weight="bold", fill=(15, 15, 25))


def _cni_td1(rng: random.Random, dpi: int, st: Style, p: v.Person, bad: str | None,
             addr: v.Address) -> tuple[Image.Image, Image.Image, str, date, list[str]]:
    number = _letters(rng, ALNUM, 9)
    issued = v.random_date(rng, date(2021, 8, 2), date(2025, 3, 1))
    expiry = issued + timedelta(days=3652)
    upper_given = rng.random() < 0.5
    given = ", ".join(x.upper() if upper_given else x for x in p.prenoms)
    # recto
    c = Canvas(*ID1, dpi)
    _card_background(c, rng, (236, 240, 248), (205, 215, 235))
    c.text(4, 2.5, "RÉPUBLIQUE FRANÇAISE", 6.5, st.heading, weight="bold", fill=(0, 35, 110))
    c.text(4, 6.0, "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD", 5.0, st.heading,
           fill=(0, 35, 110))
    c.text(80, 3, f"{rng.randint(0, 999999):06d}", 5.5, st.family, anchor="ra")
    _photo(c, 3.5, 12, 22, 29, rng)
    x = 28.5
    _bilingual(c, x, 11.5, "NOM", "Surname", p.nom_canon, st)
    _bilingual(c, x, 17.5, "Prénoms", "Given names", given, st, vsize=6.5)
    _bilingual(c, x, 23.5, "SEXE", "Sex", p.sexe, st)
    _bilingual(c, x + 14, 23.5, "NATIONALITÉ", "Nationality", p.nationalite, st)
    _bilingual(c, x, 29.5, "DATE DE NAISS.", "Date of birth",
               v.fr_date(p.date_naissance, "space"), st, max_w=22)
    _bilingual(c, x + 24, 29.5, "LIEU DE NAISSANCE", "Place of birth",
               p.lieu_naissance.upper(), st, max_w=29)
    _bilingual(c, x, 35.5, "N° DU DOCUMENT", "Document No", number, st)
    _bilingual(c, x + 28, 35.5, "DATE D'EXPIR.", "Expiry date", v.fr_date(expiry, "space"),
               st)
    _signature(c, 30, 46, 30, rng)
    recto = _rounded_alpha(c.image, c.px(3.2))
    # verso
    c = Canvas(*ID1, dpi)
    _card_background(c, rng, (240, 238, 246), (220, 212, 235))
    c.text(4, 3, "Adresse / Address", 4.3, st.family, fill=(70, 70, 90))
    y = 5.2
    for line in [*addr.lines(), addr.city_line]:
        c.text(4, y, line.upper(), 6.2, st.family, weight="bold")
        y += 3.0
    c.text(4, y + 1, "Date de délivrance / Date of issue", 4.3, st.family, fill=(70, 70, 90))
    c.text(4, y + 3.2, v.fr_date(issued, "space"), 6.2, st.family, weight="bold")
    c.text(50, y + 1, "Autorité / Authority", 4.3, st.family, fill=(70, 70, 90))
    c.text(50, y + 3.2, f"PRÉFECTURE {addr.commune.dept_name.upper()}"[:26], 5.2, st.family,
           weight="bold")
    lines = mrz.td1(mrz.MrzData("ID", "FRA", number, p.date_naissance, p.sexe, expiry, "FRA",
                                p.nom, p.prenoms), bad=bad)
    c.rect(0, 38.5, ID1[0], 15.5, outline=None, fill=(250, 250, 252))
    _mrz_block(c, lines, 4.6, 39.6)
    verso = _rounded_alpha(c.image, c.px(3.2))
    return recto, verso, number, expiry, lines


def _cni_old(rng: random.Random, dpi: int, st: Style, p: v.Person, bad: str | None,
             addr: v.Address) -> tuple[Image.Image, Image.Image, str, date, list[str]]:
    issued = v.random_date(rng, date(2012, 1, 1), date(2021, 7, 31))
    expiry = issued + timedelta(days=3652)
    birth_dept = p.naissance_insee[:2]
    dept3 = addr.commune.insee[:2] + str(rng.randint(0, 9))
    number = f"{issued.year % 100:02d}{issued.month:02d}{dept3}{rng.randint(1, 99999):05d}"
    admin = dept3 + f"{rng.randint(1, 999):03d}"
    c = Canvas(*ID2_OLD_CNI, dpi)
    _card_background(c, rng, (245, 238, 236), (232, 205, 205))
    c.text(52, 3, "RÉPUBLIQUE FRANÇAISE", 7.5, st.heading, weight="bold", fill=(20, 40, 120),
           anchor="ma")
    c.text(5, 8.5, "CARTE NATIONALE D'IDENTITÉ N° :", 6, st.family, fill=(20, 40, 120))
    c.text(45, 8.3, number, 8, st.family, weight="bold")
    c.text(5, 13, "Nationalité Française", 6.5, st.family, weight="bold")
    _photo(c, 4, 18, 27, 33, rng)
    x = 35
    c.text(x, 18, "Nom :", 6, st.family, fill=(60, 60, 90))
    c.text(x + 10, 17.6, p.nom_canon, 8.5, st.family, weight="bold")
    c.text(x, 23.5, "Prénom(s) :", 6, st.family, fill=(60, 60, 90))
    given = ", ".join(p.prenoms)
    c.text(x + 16, 23.1, given, c.fit(given, 8, st.family, 52, "bold"), st.family,
           weight="bold")
    c.text(x, 29, "Sexe :", 6, st.family, fill=(60, 60, 90))
    c.text(x + 10, 28.6, p.sexe, 8, st.family, weight="bold")
    c.text(x, 34, "Né(e) le :", 6, st.family, fill=(60, 60, 90))
    c.text(x + 14, 33.6, v.fr_date(p.date_naissance, "dot"), 8, st.family, weight="bold")
    c.text(x, 39, "à :", 6, st.family, fill=(60, 60, 90))
    place = p.lieu_naissance.upper() + (f" ({birth_dept})" if birth_dept != "99" else "")
    c.text(x + 6, 38.6, place, c.fit(place, 8, st.family, 60, "bold"), st.family,
           weight="bold")
    c.text(x, 44, "Taille :", 6, st.family, fill=(60, 60, 90))
    c.text(x + 11, 43.6, f"1,{rng.randint(52, 92)}m", 8, st.family, weight="bold")
    c.text(x + 30, 44, "Signature du titulaire :", 5, st.family, fill=(60, 60, 90))
    _signature(c, x + 32, 49, 25, rng)
    lines = mrz.old_cni(p.nom, p.prenoms, number, p.date_naissance, p.sexe, admin, bad=bad)
    c.rect(0, 55.5, ID2_OLD_CNI[0], 18.5, outline=None, fill=(252, 250, 250))
    _mrz_block(c, lines, 6.5, 59.0, line_pitch=5.2)
    recto = _rounded_alpha(c.image, c.px(3.5))
    c = Canvas(*ID2_OLD_CNI, dpi)
    _card_background(c, rng, (240, 242, 236), (215, 228, 205))
    c.text(5, 6, "Adresse :", 6, st.family, fill=(60, 60, 90))
    y = 6.0
    for line in [*addr.lines(), addr.city_line]:
        c.text(20, y - 0.3, line.upper(), 7.5, st.family, weight="bold")
        y += 4
    y += 3
    c.text(5, y, "Carte valable jusqu'au :", 6, st.family, fill=(60, 60, 90))
    c.text(35, y - 0.3, v.fr_date(expiry, "dot"), 8, st.family, weight="bold")
    c.text(5, y + 6, "délivrée le :", 6, st.family, fill=(60, 60, 90))
    c.text(22, y + 5.7, v.fr_date(issued, "dot"), 8, st.family, weight="bold")
    c.text(5, y + 12, "par :", 6, st.family, fill=(60, 60, 90))
    pref = f"PRÉFECTURE {addr.commune.dept_name.upper()} ({addr.commune.insee[:2]})"
    c.text(13, y + 11.7, pref, c.fit(pref, 7, st.family, 85, "bold"), st.family,
           weight="bold")
    c.text(5, y + 19, "Signature de l'autorité :", 5, st.family, fill=(60, 60, 90))
    _signature(c, 10, y + 26, 30, rng)
    _stamp(c, 78, y + 24, 9, "PRÉFECTURE", (90, 60, 140))
    verso = _rounded_alpha(c.image, c.px(3.5))
    return recto, verso, number, expiry, lines


def render_cni(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    st = Style.pick(rng)
    p = v.person(rng)
    addr = v.address(rng)
    meta: dict[str, str] = {}
    if variant.startswith("td1"):
        bad = _pick_bad(rng, invalid, ("number", "birth", "expiry", "composite"))
        recto, verso, number, expiry, lines = _cni_td1(rng, dpi, st, p, bad, addr)
    else:
        bad = _pick_bad(rng, invalid, ("number", "birth", "composite"))
        recto, verso, number, expiry, lines = _cni_old(rng, dpi, st, p, bad, addr)
    meta["mrz"] = "\n".join(lines)
    if bad:
        meta["bad_check"] = bad
    fields = _identity_truth(p, number, expiry, bad is None)
    if variant == "td1_card":
        # Only the back (MRZ side) is shown: names only when the MRZ gives them exactly.
        fields = {k: fields[k] for k in ("sexe", "date_naissance", "nationalite",
                                         "numero_document", "date_expiration",
                                         "mrz_valide")}
        fields.update(_fields_from_mrz_only(p))
        return Sample(verso, "cni", fields, _apply_bad(fields, bad), variant, dpi, ID1, meta)
    if variant == "old_card":
        del fields["date_expiration"]  # printed on the back only
        return Sample(recto, "cni", fields, _apply_bad(fields, bad), variant, dpi,
                      ID2_OLD_CNI, meta)
    page = _copy_page([recto, verso], dpi, rng)
    return Sample(page, "cni", fields, _apply_bad(fields, bad), variant, dpi, A4, meta)


def render_passeport(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    st = Style.pick(rng)
    p = v.person(rng)
    bad = _pick_bad(rng, invalid, ("number", "birth", "expiry", "personal", "composite"))
    number = f"{rng.randint(0, 99):02d}{_letters(rng, 'ABCDEFGHJKLMNPRSTUVWXYZ', 2)}" \
             f"{rng.randint(0, 99999):05d}"
    issued = v.random_date(rng, date(2016, 1, 1), date(2025, 3, 1))
    expiry = issued + timedelta(days=3652)
    c = Canvas(*PASSPORT_PAGE, dpi)
    _card_background(c, rng, (238, 236, 246), (214, 208, 232))
    c.text(62, 3, "RÉPUBLIQUE FRANÇAISE", 8, st.heading, weight="bold", fill=(40, 20, 100),
           anchor="ma")
    c.text(62, 7.5, "PASSEPORT / PASSPORT", 6.5, st.heading, fill=(40, 20, 100), anchor="ma")
    _photo(c, 5, 14, 30, 39, rng)
    x = 40
    _bilingual(c, x, 13, "Type", "Type", "P", st, max_w=10)
    _bilingual(c, x + 14, 13, "Code du pays", "Country code", "FRA", st, max_w=15)
    _bilingual(c, x + 44, 13, "Passeport n°", "Passport No.", number, st, vsize=8, max_w=30)
    _bilingual(c, x, 20, "Nom", "Surname", p.nom_canon, st, vsize=8, max_w=80)
    given = ", ".join(p.prenoms)
    _bilingual(c, x, 27, "Prénoms", "Given names", given, st, max_w=80)
    _bilingual(c, x, 34, "Nationalité", "Nationality", "Française", st, max_w=30)
    _bilingual(c, x + 34, 34, "Date de naissance", "Date of birth",
               v.fr_date(p.date_naissance, "space"), st, max_w=30)
    _bilingual(c, x, 41, "Sexe", "Sex", p.sexe, st, max_w=10)
    _bilingual(c, x + 14, 41, "Lieu de naissance", "Place of birth", p.lieu_naissance.upper(),
               st, max_w=45)
    _bilingual(c, x, 48, "Date de délivrance", "Date of issue", v.fr_date(issued, "space"), st,
               max_w=30)
    _bilingual(c, x + 34, 48, "Date d'expiration", "Date of expiry",
               v.fr_date(expiry, "space"), st, max_w=30)
    c.text(x, 55, "Autorité / Authority", 4.3, st.family, fill=(70, 70, 90))
    c.text(x, 57, f"Préfecture de {rng.choice(v.COMMUNES).name}", 6.5, st.family,
           weight="bold")
    _signature(c, 8, 58, 25, rng)
    lines = mrz.td3(mrz.MrzData("P", "FRA", number, p.date_naissance, p.sexe, expiry, "FRA",
                                p.nom, p.prenoms), bad=bad)
    c.rect(0, 66, PASSPORT_PAGE[0], 22, outline=None, fill=(250, 250, 252))
    _mrz_block(c, lines, 6.5, 70, line_pitch=5.5)
    fields = _identity_truth(p, number, expiry, bad is None)
    meta = {"mrz": "\n".join(lines)} | ({"bad_check": bad} if bad else {})
    invalid_set = _apply_bad(fields, bad)
    if variant == "copy":
        page = _copy_page([c.image], dpi, rng)
        return Sample(page, "passeport", fields, invalid_set, variant, dpi, A4, meta)
    return Sample(c.image, "passeport", fields, invalid_set, variant, dpi, PASSPORT_PAGE, meta)


def render_titre_sejour(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    st = Style.pick(rng)
    p = v.person(rng, foreign=True)
    addr = v.address(rng)
    bad = _pick_bad(rng, invalid, ("number", "birth", "expiry", "composite"))
    number = _letters(rng, "ABCDEFGHJKLMNPRSTUVWXYZ", 2) + _letters(rng, DIGITS, 7)
    issued = v.random_date(rng, date(2019, 1, 1), date(2025, 3, 1))
    expiry = issued + timedelta(days=rng.choice([365, 730, 1461, 3652]))
    c = Canvas(*ID1, dpi)
    _card_background(c, rng, (236, 244, 238), (205, 228, 212))
    c.text(4, 2.5, "RÉPUBLIQUE FRANÇAISE", 6.5, st.heading, weight="bold", fill=(0, 80, 60))
    c.text(4, 6.0, "TITRE DE SÉJOUR / RESIDENCE PERMIT", 5.0, st.heading, fill=(0, 80, 60))
    _photo(c, 3.5, 12, 22, 29, rng)
    x = 28.5
    _bilingual(c, x, 11, "NOM", "Surname", p.nom_canon, st)
    _bilingual(c, x, 16.5, "Prénoms", "Given names", ", ".join(p.prenoms), st, vsize=6.5)
    _bilingual(c, x, 22, "SEXE", "Sex", p.sexe, st)
    _bilingual(c, x + 12, 22, "NATIONALITÉ", "Nationality", p.nationalite, st)
    _bilingual(c, x + 33, 22, "NÉ(E) LE", "Date of birth",
               v.fr_date(p.date_naissance, "space"), st, max_w=20)
    kind = rng.choice(["CARTE DE SÉJOUR TEMPORAIRE", "CARTE DE SÉJOUR PLURIANNUELLE",
                       "CARTE DE RÉSIDENT"])
    _bilingual(c, x, 27.5, "TYPE DE TITRE", "Type of permit", kind, st, vsize=5.5)
    _bilingual(c, x, 33, "REMARQUES", "Remarks", rng.choice(
        ["VIE PRIVÉE ET FAMILIALE", "SALARIÉ", "ÉTUDIANT", "TRAVAILLEUR TEMPORAIRE"]), st,
        vsize=5.5)
    _bilingual(c, x, 38.5, "VALABLE JUSQU'AU", "Valid until", v.fr_date(expiry, "space"), st,
               max_w=25)
    _bilingual(c, x + 28, 38.5, "N°", "No", number, st, max_w=25)
    _signature(c, 30, 48, 28, rng)
    recto = _rounded_alpha(c.image, c.px(3.2))
    c = Canvas(*ID1, dpi)
    _card_background(c, rng, (240, 244, 240), (212, 226, 214))
    c.text(4, 3, "Adresse / Address", 4.3, st.family, fill=(70, 70, 90))
    y = 5.2
    for line in [*addr.lines(), addr.city_line]:
        c.text(4, y, line.upper(), 6.0, st.family, weight="bold")
        y += 2.9
    c.text(4, y + 1, "Délivré le / Issued on", 4.3, st.family, fill=(70, 70, 90))
    c.text(4, y + 3.2, v.fr_date(issued, "space"), 6.0, st.family, weight="bold")
    c.text(45, y + 1, "Lieu de délivrance", 4.3, st.family, fill=(70, 70, 90))
    c.text(45, y + 3.2, f"PRÉFECTURE {addr.commune.insee[:2]}", 6.0, st.family, weight="bold")
    lines = mrz.td1(mrz.MrzData("IR", "FRA", number, p.date_naissance, p.sexe, expiry,
                                p.nationalite, p.nom, p.prenoms), bad=bad)
    c.rect(0, 38.5, ID1[0], 15.5, outline=None, fill=(250, 252, 250))
    _mrz_block(c, lines, 4.6, 39.6)
    verso = _rounded_alpha(c.image, c.px(3.2))
    fields = _identity_truth(p, number, expiry, bad is None)
    meta = {"mrz": "\n".join(lines)} | ({"bad_check": bad} if bad else {})
    if variant == "card":
        fields = {k: fields[k] for k in ("sexe", "date_naissance", "nationalite",
                                         "numero_document", "date_expiration",
                                         "mrz_valide")}
        fields.update(_fields_from_mrz_only(p))
        return Sample(verso, "titre_sejour", fields, _apply_bad(fields, bad), variant, dpi,
                      ID1, meta)
    page = _copy_page([recto, verso], dpi, rng)
    return Sample(page, "titre_sejour", fields, _apply_bad(fields, bad), variant, dpi, A4,
                  meta)


# --- letters and forms on A4 -------------------------------------------------------------


class Page:
    """An A4 page with the sample's style, plus helpers for the usual blocks."""

    def __init__(self, rng: random.Random, dpi: int, *, size: tuple[float, float] = A4,
                 date_styles: tuple[str, ...] = ("slash", "long")) -> None:
        self.rng = rng
        self.st = Style.pick(rng, date_styles=date_styles)
        self.c = Canvas(*size, dpi)
        self.s = self.st.scale
        self.f: Family = self.st.family

    def t(self, x: float, y: float, text: str, size: float = 10, *, weight: str = "regular",
          fill: Color = BLACK, anchor: str = "la", family: Family | None = None) -> float:
        return self.c.text(x, y, text, size * self.s, family or self.f, weight=weight,
                           fill=fill, anchor=anchor)

    def lines(self, x: float, y: float, lines: list[str], size: float = 10, *,
              weight: str = "regular", step: float | None = None) -> float:
        step = step or size * 0.3528 * 1.4 * self.s
        for line in lines:
            self.t(x, y, line, size, weight=weight)
            y += step
        return y

    def para(self, x: float, y: float, width: float, text: str, size: float = 10) -> float:
        return self.c.wrap(x, y, width, text, size * self.s, self.f)

    def date(self, d: date) -> str:
        return v.fr_date(d, self.st.date_style)

    def logo(self, x: float, y: float, text: str, sub: str = "") -> None:
        col = self.st.accent
        shape = self.rng.choice(["square", "circle", "bar"])
        if shape == "square":
            self.c.rect(x, y, 12, 12, outline=None, fill=col)
        elif shape == "circle":
            self.c.ellipse(x, y, 12, 12, fill=col)
        else:
            self.c.rect(x, y + 2, 4, 10, outline=None, fill=col)
            self.c.rect(x + 5, y, 4, 12, outline=None, fill=col)
        self.c.text(x + 15, y + 0.5, text, 15 * self.s, self.st.heading, weight="bold",
                    fill=col)
        if sub:
            self.c.text(x + 15, y + 7.5, sub, 7.5 * self.s, self.st.heading, fill=col)

    def footer(self, text: str) -> None:
        self.c.line(15, 280, 195, 280, fill=(150, 150, 150))
        self.c.wrap(15, 282, 180, text, 6.5 * self.s, self.f, fill=(90, 90, 90))

    def table(self, x: float, y: float, widths: list[float], rows: list[list[str]], *,
              size: float = 8.5, header: bool = True, align_right: tuple[int, ...] = (),
              bold_rows: tuple[int, ...] = ()) -> float:
        h = size * 0.3528 * 1.8 * self.s
        for r, row in enumerate(rows):
            xx = x
            if header and r == 0:
                self.c.rect(x, y, sum(widths), h, outline=None, fill=_tint(self.st.accent))
            for i, cell in enumerate(row):
                weight = "bold" if (header and r == 0) or r in bold_rows else "regular"
                if i in align_right:
                    self.t(xx + widths[i] - 1.5, y + h * 0.2, cell, size, weight=weight,
                           anchor="ra")
                else:
                    self.t(xx + 1.5, y + h * 0.2, cell, size, weight=weight)
                xx += widths[i]
            y += h
            self.c.line(x, y, x + sum(widths), y, fill=(170, 170, 170), width=0.15)
        return y


def _tint(col: Color) -> Color:
    return (int(col[0] * 0.15 + 216), int(col[1] * 0.15 + 216), int(col[2] * 0.15 + 216))


def _recipient(pg: Page, x: float, y: float, p: v.Person, addr: v.Address, *,
               upper: bool | None = None, civ_style: str | None = None) -> float:
    upper = pg.rng.random() < 0.5 if upper is None else upper
    civ_style = civ_style or pg.rng.choice(["civ", "long", "caps"])
    civ = {"civ": p.civ, "long": p.civilite, "caps": p.civ.upper().rstrip(".")}[civ_style]
    first = p.prenom
    name = f"{civ} {first} {p.nom_canon}" if pg.rng.random() < 0.6 else \
        f"{civ} {p.nom_canon} {first}"
    lines = [name, *addr.lines(), addr.city_line]
    if upper:
        lines = [line.upper() for line in lines]
    return pg.lines(x, y, lines, 10.5)


def _address_truth(p: v.Person, addr: v.Address, d: date) -> dict[str, str]:
    return {
        "nom": p.nom_canon,
        "adresse": addr.adresse,
        "code_postal": addr.code_postal,
        "commune": v.canon(addr.commune.name),
        "date_document": d.isoformat(),
    }


def render_rib(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    pg = Page(rng, dpi)
    c = pg.c
    p = v.person(rng)
    addr = v.address(rng)
    acct = v.bank_account(rng, invalid=invalid)
    civ = rng.choice(["M." if p.sexe == "M" else "MME", "MONSIEUR" if p.sexe == "M"
                      else "MADAME", p.civ])
    order = rng.random() < 0.5
    holder = f"{p.nom_canon} {v.canon(p.prenom)}" if order else \
        f"{v.canon(p.prenom)} {p.nom_canon}"
    if rng.random() < 0.3:
        holder = v.strip_accents(holder)
    agency_commune = rng.choice(v.COMMUNES)
    agency = v.address(rng, commune=agency_commune, complement=False)
    top = rng.uniform(15, 30)
    pg.logo(15, top, acct.bank.name.split(" - ")[0], "Relevé d'identité bancaire")
    y = top + 20
    title = rng.choice(["RELEVÉ D'IDENTITÉ BANCAIRE", "Relevé d'Identité Bancaire (RIB)",
                        "IDENTIFIANT NATIONAL ET INTERNATIONAL DE COMPTE"])
    pg.t(105, y, title, 13, weight="bold", anchor="ma")
    y += 12
    iban_text = v.format_iban(acct.iban) if rng.random() < 0.85 else acct.iban
    holder_line = f"{civ} {holder}"
    domic = [f"{acct.bank.name.upper()} {agency_commune.name.upper()}",
             agency.street_line, agency.city_line, f"Tél. : 0{rng.randint(1, 5)} "
             + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))]
    bban_rows = [["Code banque", "Code guichet", "N° de compte", "Clé RIB"],
                 [acct.bank.code, acct.branch, acct.account, acct.rib_key]]
    if variant == "classic":
        pg.t(15, y, "Titulaire du compte", 9, weight="bold")
        pg.lines(15, y + 5, [holder_line, *[x.upper() for x in addr.lines()],
                             addr.city_line.upper()], 10)
        pg.t(115, y, "Domiciliation", 9, weight="bold")
        pg.lines(115, y + 5, domic, 9)
        y += 32
        y = pg.table(15, y, [40, 40, 60, 30], bban_rows, size=10) + 8
        pg.t(15, y, "IBAN (International Bank Account Number)", 9, weight="bold")
        pg.t(15, y + 5, iban_text, 12, family=rng.choice([pg.f, MONO]))
        pg.t(150, y, "BIC (Bank Identifier Code)", 9, weight="bold")
        pg.t(150, y + 5, acct.bic, 12)
        y += 18
    else:
        pg.t(15, y, "IBAN", 10, weight="bold")
        pg.t(35, y, iban_text, 12)
        pg.t(15, y + 8, "BIC", 10, weight="bold")
        pg.t(35, y + 8, acct.bic, 12)
        y += 18
        pg.t(15, y, "Intitulé du compte :", 9)
        pg.t(50, y, holder_line, 10, weight="bold")
        pg.lines(50, y + 5, [*addr.lines(), addr.city_line], 10)
        pg.t(130, y, "Agence :", 9)
        pg.lines(130, y + 5, domic, 9)
        y += 30
        y = pg.table(15, y, [35, 35, 55, 25], bban_rows, size=9) + 6
    pg.para(15, y, 180, "Ce relevé est destiné à être remis, sur leur demande, à vos créanciers "
            "ou débiteurs appelés à faire inscrire des opérations à votre compte (virements, "
            "prélèvements, paiements de quittances, etc.). Son utilisation vous garantit le "
            "bon enregistrement des opérations en cause.", 8)
    fields = {"iban": acct.iban, "bic": acct.bic, "titulaire": holder}
    meta = {"iban_flaw": acct.invalid} if acct.invalid else {}
    return Sample(c.image, "rib", fields, {"iban"} if acct.invalid else set(), variant, dpi,
                  A4, meta)


def _nf_fmt(n: str) -> str:
    return f"{n[:2]} {n[2:4]} {n[4:7]} {n[7:10]} {n[10:]}"


def _parts_canon(parts: Decimal) -> str:
    text = f"{parts.normalize():f}"
    return text


def render_avis(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    pg = Page(rng, dpi, date_styles=("slash",))
    c = pg.c
    couple = rng.random() < 0.45
    p1 = v.person(rng)
    p2 = v.person(rng, sexe="M" if p1.sexe == "F" else "F") if couple else None
    addr = v.address(rng)
    year = rng.choice([2021, 2022, 2023, 2024])
    flaw = rng.choice(["numero_fiscal", "2ddoc"]) if invalid else None
    nf1 = v.numero_fiscal(rng, invalid=flaw == "numero_fiscal")
    nf2 = v.numero_fiscal(rng) if p2 else None
    ref = v.reference_avis(rng, year + 1)
    children = rng.choice([0, 0, 1, 2, 3])
    parts = Decimal(2 if couple else 1) + Decimal("0.5") * min(children, 2) \
        + Decimal(max(children - 2, 0))
    if not couple and children and rng.random() < 0.4:
        parts += Decimal("0.5")  # parent isolé
    if rng.random() < 0.08:
        parts += Decimal("0.25")
    rfr = rng.randint(3_000, 95_000)
    imposable = rfr - rng.randint(0, 800)
    brut = round(imposable / 0.9) + rng.randint(0, 300)
    recouv = date(year + 1, 7, 31)
    etabli = recouv - timedelta(days=rng.randint(15, 25))
    impot = max(0, round((imposable / float(parts) - 11_300) * 0.11 * float(parts)))
    mode2d = "signed" if flaw != "2ddoc" else rng.choice(["bad_signature", "unsigned"])
    p1_2d = v.strip_accents(f"{p1.nom_canon} {v.canon(p1.prenom)}").replace("-", " ")
    fields2d = [("43", f"{parts}".replace(".", ",")), ("44", ref), ("45", str(year)),
                ("46", p1_2d[:38]), ("47", nf1)]
    if p2 and nf2:
        fields2d += [("48", v.strip_accents(f"{p2.nom_canon} {v.canon(p2.prenom)}")
                      .replace("-", " ")[:38]), ("49", nf2)]
    fields2d += [("4A", recouv.strftime("%d%m%Y")), ("41", str(rfr))]
    doc2d = twoddoc.build(twoddoc.header("04", issued=etabli, signed=etabli), fields2d,
                          mode=mode2d)
    # Header
    pg.t(15, 15, "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES", 9, weight="bold",
         fill=pg.st.accent)
    pg.t(15, 20, "RÉPUBLIQUE FRANÇAISE", 7.5)
    sip = rng.choice(v.COMMUNES)
    sip_addr = v.address(rng, commune=sip, complement=False)
    pg.lines(15, 27, [f"SIP {sip.name.upper()}", sip_addr.street_line.upper(),
                      f"{sip_addr.code_postal} {sip.name.upper()} CEDEX",
                      "Tél. : 0 809 401 401"], 8)
    module = max(2, round(22 / 25.4 * dpi / 40))
    dm = twoddoc.datamatrix(doc2d.payload, module)
    dm_x = rng.choice([150.0, 165.0])
    c.paste(dm, dm_x, 12)
    pg.t(dm_x + c.mm(dm.width) / 2, 12 + c.mm(dm.height) + 1, "2D-DOC", 6, anchor="ma")
    pg.t(105, 52, f"AVIS D'IMPÔT {year + 1}", 15, weight="bold", anchor="ma")
    pg.t(105, 59, f"IMPÔT SUR LES REVENUS de l'année {year}", 11, anchor="ma")
    # recipient window
    rec = [f"{'M' if p1.sexe == 'M' else 'MME'} {p1.nom_canon} {v.canon(p1.prenom)}"]
    if p2:
        rec.append(f"{'OU M' if p2.sexe == 'M' else 'OU MME'} {p2.nom_canon} "
                   f"{v.canon(p2.prenom)}")
    rec += [x.upper() for x in addr.lines()] + [addr.city_line.upper()]
    pg.lines(112, 70, rec, 9.5)
    # references box
    y = 70.0
    c.rect(13, y - 2, 92, 62, outline=pg.st.accent, width=0.3)
    pg.t(16, y, "Vos références", 10, weight="bold", fill=pg.st.accent)
    y += 7
    pg.t(16, y, "Numéro fiscal", 8.5, weight="bold")
    y += 4.5
    pg.t(18, y, f"Déclarant 1 : {_nf_fmt(nf1)}", 8.5)
    if nf2:
        y += 4.5
        pg.t(18, y, f"Déclarant 2 : {_nf_fmt(nf2)}", 8.5)
    y += 6
    pg.t(16, y, f"N° d'accès en ligne : {rng.randint(1000000, 9999999)}", 8.5)
    y += 6
    ref_fmt = f"{ref[:2]} {ref[2:4]} {ref[4:7]} {ref[7:10]} {ref[10:]}" \
        if rng.random() < 0.7 else ref
    pg.t(16, y, f"Référence de l'avis : {ref_fmt}", 8.5, weight="bold")
    y += 6
    pg.t(16, y, f"Date d'établissement : {pg.date(etabli)}", 8.5)
    y += 5
    pg.t(16, y, f"Date de mise en recouvrement : {pg.date(recouv)}", 8.5)
    y += 5
    pg.t(16, y, f"Centre des Finances Publiques : {sip.name}", 8.5)
    # income table
    y = 142.0
    pg.t(15, y, "Vos revenus et votre situation", 11, weight="bold", fill=pg.st.accent)
    y += 7
    parts_print = f"{parts:.2f}".replace(".", ",") if rng.random() < 0.5 else \
        f"{parts}".replace(".", ",")
    rows = [["Détail", "Montant"],
            ["Revenu brut global", v.fr_int(brut)],
            ["Revenu imposable", v.fr_int(imposable)],
            ["Revenu fiscal de référence", v.fr_int(rfr)],
            ["Nombre de parts", parts_print],
            ["Situation de famille", "M" if couple else rng.choice(["C", "D", "V"])],
            ["Impôt sur le revenu net", v.fr_int(impot)],
            ["Montant de votre impôt" if impot else "Aucun impôt à payer", v.fr_int(impot)]]
    if rng.random() < 0.5:
        rows[1], rows[2] = rows[2], rows[1]
    y = pg.table(15, y, [120, 60], rows, size=9.5, align_right=(1,), bold_rows=(3,))
    y += 8
    y = pg.para(15, y, 180, "Le revenu fiscal de référence est utilisé pour déterminer vos "
                "droits à certaines prestations et exonérations. Conservez cet avis : il peut "
                f"vous être demandé par différents organismes. Date limite de paiement : "
                f"{pg.date(date(year + 1, 9, 15))}.", 8.5)
    pg.footer("Ce document est un spécimen synthétique généré pour des tests. "
              "Il ne constitue pas un avis d'impôt.")
    fields = {
        "numero_fiscal": nf1,
        "reference_avis": ref,
        "revenu_fiscal_reference": str(rfr),
        "annee_revenus": str(year),
        "nombre_parts": _parts_canon(parts),
        "2ddoc_valide": "true" if doc2d.valid else "false",
    }
    meta = {"2ddoc": doc2d.mode}
    return Sample(c.image, "avis_imposition", fields,
                  {"numero_fiscal"} if flaw == "numero_fiscal" else set(), variant, dpi, A4,
                  meta)


def render_caf(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    pg = Page(rng, dpi)
    c = pg.c
    p = v.person(rng)
    addr = v.address(rng)
    d = _doc_date(rng)
    num = v.numero_allocataire(rng)
    caf_commune = addr.commune if rng.random() < 0.7 else rng.choice(v.COMMUNES)
    caf_addr = v.address(rng, commune=caf_commune, complement=False)
    pg.logo(15, 15, "caf", f"Caisse d'allocations familiales — {caf_commune.dept_name}")
    cedex = f"{caf_addr.code_postal} {caf_commune.name.upper()} CEDEX {rng.randint(1, 9)}"
    pg.lines(15, 32, [caf_addr.street_line, f"CS {rng.randint(10000, 99999)}", cedex,
                      "Tél. : 32 30"], 8.5)
    _recipient(pg, 112, 45, p, addr)
    y = 75.0
    label = rng.choice(["Numéro allocataire", "N° allocataire", "Votre numéro d'allocataire",
                        "Référence allocataire"])
    date_line = rng.choice([f"{caf_commune.name}, le {v.fr_date(d, 'long')}",
                            f"Le {pg.date(d)}", f"Date : {v.fr_date(d, 'slash')}"])
    if rng.random() < 0.5:
        pg.t(15, y, f"{label} : {num}", 10, weight="bold")
        pg.t(195, y + 7, date_line, 10, anchor="ra")
    else:
        pg.t(195, y, date_line, 10, anchor="ra")
        pg.t(15, y + 7, f"{label} : {num}", 10, weight="bold")
    pg.t(15, y + 14, f"Dossier suivi par : {rng.choice(v.FEMALE_GIVEN)} "
         f"{rng.choice(v.SURNAMES).upper()}", 8.5)
    y += 28
    title = "ATTESTATION DE PAIEMENT" if variant == "paiement" else \
        "ATTESTATION DE QUOTIENT FAMILIAL"
    pg.t(105, y, title, 13, weight="bold", anchor="ma")
    y += 12
    intro = (f"La Caisse d'allocations familiales certifie que {p.civilite} {p.prenom} "
             f"{p.nom_canon}, né{'e' if p.sexe == 'F' else ''} le "
             f"{v.fr_date(p.date_naissance, 'slash')}, domicilié{'e' if p.sexe == 'F' else ''}"
             f" {addr.street_line}, {addr.city_line}, ")
    if variant == "paiement":
        y = pg.para(15, y, 180, intro + "a perçu les prestations suivantes :", 10) + 4
        rows = [["Période", "Prestation", "Montant", "Date de paiement"]]
        # The latest payment (the 5th of a month) is on or before the document date.
        paid = d.replace(day=5) if d.day >= 5 else (d.replace(day=1) - timedelta(days=1)
                                                     ).replace(day=5)
        prest = rng.sample(["Aide personnalisée au logement", "Allocations familiales",
                            "Revenu de solidarité active", "Prime d'activité",
                            "Allocation de rentrée scolaire", "Complément familial"], 2)
        for _ in range(rng.randint(2, 4)):
            month = (paid.replace(day=1) - timedelta(days=1)).replace(day=1)
            for pr in prest:
                rows.append([v.month_year(month), pr, v.fr_amount(v.amount(rng, 40, 700)),
                             v.fr_date(paid, "slash")])
            paid = month.replace(day=5)
        y = pg.table(15, y, [32, 78, 30, 40], rows, size=8.5, align_right=(2,)) + 8
    else:
        qf = rng.randint(150, 1500)
        y = pg.para(15, y, 180, intro + f"dispose au {v.fr_date(d.replace(day=1), 'slash')} "
                    f"d'un quotient familial de {qf} euros.", 10) + 4
        rows = [["Composition du foyer", "Date de naissance"],
                [f"Allocataire : {p.prenom} {p.nom_canon}",
                 v.fr_date(p.date_naissance, "slash")]]
        if rng.random() < 0.5:
            q = v.person(rng, sexe="M" if p.sexe == "F" else "F")
            rows.append([f"Conjoint : {q.prenom} {q.nom_canon}",
                         v.fr_date(q.date_naissance, "slash")])
        for _ in range(rng.randint(0, 3)):
            kid = v.person(rng, nom=p.nom, min_age=1, max_age=17)
            rows.append([f"Enfant : {kid.prenom} {kid.nom_canon}",
                         v.fr_date(kid.date_naissance, "slash")])
        y = pg.table(15, y, [120, 60], rows, size=9) + 8
    y = pg.para(15, y, 180, "Cette attestation est délivrée pour servir et valoir ce que de "
                "droit. Vous pouvez aussi la télécharger dans votre espace Mon Compte.", 9.5)
    director = v.person(rng)
    pg.t(140, y + 10, "Le Directeur,", 10)
    _signature(c, 140, y + 20, 35, rng)
    pg.t(140, y + 26, f"{director.prenom} {director.nom_canon}", 10)
    pg.footer("Document synthétique généré pour des tests de reconnaissance.")
    fields = {"numero_allocataire": num, "date_document": d.isoformat(), "nom": p.nom_canon}
    return Sample(c.image, "attestation_caf", fields, set(), variant, dpi, A4)


SUPPLIERS = {
    "energie": [("Voltéo Énergie", "Électricité et gaz naturel"),
                ("Lumen Énergies", "Fournisseur d'électricité"),
                ("Gaz & Watts de France", "Énergie pour tous")],
    "telecom": [("Télécom Horizon", "Box, mobile et fibre"),
                ("Onde Mobile", "Forfaits mobiles")],
    "eau": [("Eau Claire Services", "Service public de l'eau"),
            ("Régie des Eaux du Val", "Eau potable et assainissement")],
}


def render_domicile(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    if variant == "quittance":
        return _render_quittance(rng, dpi, variant)
    pg = Page(rng, dpi)
    c = pg.c
    p = v.person(rng)
    addr = v.address(rng)
    d = _doc_date(rng)
    name, slogan = rng.choice(SUPPLIERS[variant])
    sup_commune = rng.choice(v.COMMUNES)
    sup = v.address(rng, commune=sup_commune, complement=False)
    pg.logo(15, 15, name, slogan)
    pg.lines(15, 32, [f"{name} — Service clients", f"TSA {rng.randint(10000, 99999)}",
                      f"{sup.code_postal} {sup_commune.name.upper()} CEDEX",
                      f"Tél. : 09 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                      f"{rng.randint(10, 99)} {rng.randint(10, 99)}"], 8.5)
    _recipient(pg, 112, 42, p, addr)
    y = 78.0
    start = (d - timedelta(days=rng.randint(35, 70))).replace(day=1)
    end = (d - timedelta(days=rng.randint(3, 12)))
    due = d + timedelta(days=rng.randint(12, 20))
    debit = due - timedelta(days=rng.randint(0, 3))
    title = {"energie": "FACTURE D'ÉLECTRICITÉ", "telecom": "VOTRE FACTURE",
             "eau": "FACTURE D'EAU"}[variant]
    pg.t(15, y, title, 14, weight="bold", fill=pg.st.accent)
    y += 9
    date_label = rng.choice(["Facture du", "Date de facture :", "Date d'émission :",
                             "Émise le"])
    info = [f"{date_label} {pg.date(d)}",
            f"N° de facture : {rng.choice('FE')}{d.year}{rng.randint(10**7, 10**8 - 1)}",
            f"N° client : {rng.randint(10**9, 10**10 - 1)}"]
    if variant == "energie":
        info.append(f"Point de livraison (PDL) : {rng.randint(10**13, 10**14 - 1)}")
    period = f"Période de consommation : du {pg.date(start)} au {pg.date(end)}" \
        if variant != "telecom" else f"Période facturée : du {pg.date(start)} au {pg.date(end)}"
    if rng.random() < 0.5:
        info.insert(0, period)
    else:
        info.append(period)
    y = pg.lines(15, y, info, 9.5) + 3
    if rng.random() < 0.6:
        pg.t(15, y, "Adresse de consommation :", 9, weight="bold")
        pg.t(60, y, f"{addr.street_line}, {addr.city_line}", 9)
        y += 7
    total = Decimal(0)
    rows = [["Désignation", "Quantité", "Montant HT"]]
    items = {"energie": ["Abonnement", "Consommation heures pleines",
                         "Consommation heures creuses", "Accise sur l'électricité",
                         "Contribution tarifaire d'acheminement"],
             "telecom": ["Forfait Box fibre", "Forfait mobile 100 Go", "Options",
                         "Communications hors forfait"],
             "eau": ["Abonnement eau potable", "Consommation eau", "Assainissement collectif",
                     "Redevance pollution"]}[variant]
    for item in items:
        amt = v.amount(rng, 2, 90)
        total += amt
        unit = "kWh" if variant == "energie" else ("m³" if variant == "eau" else "")
        rows.append([item, f"{rng.randint(1, 900)} {unit}".strip(), v.fr_amount(amt)])
    tva = (total * Decimal("0.2")).quantize(v.CENT)
    rows.append(["TVA", "", v.fr_amount(tva)])
    rows.append(["Montant total TTC", "", v.fr_amount(total + tva)])
    y = pg.table(15, y, [110, 35, 35], rows, size=9, align_right=(2,),
                 bold_rows=(len(rows) - 1,)) + 8
    pay = rng.choice([f"Ce montant sera prélevé le {pg.date(debit)} sur votre compte.",
                      f"À payer avant le {pg.date(due)}.",
                      f"Date limite de paiement : {pg.date(due)}."])
    y = pg.para(15, y, 180, pay, 10) + 4
    y = pg.para(15, y, 180, f"Prochaine facture vers le {pg.date(d + timedelta(days=61))}. "
                "Pour toute question, contactez votre service clients du lundi au samedi.", 9)
    pg.footer(f"{name} — société synthétique — capital fictif — RCS fictif. Document généré "
              "pour des tests.")
    return Sample(c.image, "justificatif_domicile", _address_truth(p, addr, d), set(), variant,
                  dpi, A4)


def _render_quittance(rng: random.Random, dpi: int, variant: str) -> Sample:
    pg = Page(rng, dpi)
    c = pg.c
    p = v.person(rng)
    addr = v.address(rng)
    owner = v.person(rng)
    owner_addr = v.address(rng, complement=False)
    month_start = date(2023 + rng.randint(0, 2), rng.randint(1, 12), 1)
    if month_start > date(2025, 5, 1):
        month_start = date(2025, 4, 1)
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    paid = month_start + timedelta(days=rng.randint(1, 9))
    d = month_end if rng.random() < 0.6 else month_end + timedelta(days=rng.randint(1, 6))
    rent = v.amount(rng, 280, 1200).quantize(Decimal(1))
    charges = v.amount(rng, 20, 150).quantize(Decimal(1))
    y = 18.0
    pg.t(105, y, "QUITTANCE DE LOYER", 16, weight="bold", anchor="ma")
    pg.t(105, y + 8, f"Période : {v.month_year(month_start)}" if rng.random() < 0.5 else
         f"du {pg.date(month_start)} au {pg.date(month_end)}", 11, anchor="ma")
    y += 22
    agency = rng.random() < 0.35
    pg.t(15, y, "Bailleur", 10, weight="bold", fill=pg.st.accent)
    owner_name = (f"Agence {rng.choice(['du Centre', 'Immo Plus', 'des Halles'])}"
                  if agency else f"{owner.civ} {owner.prenom} {owner.nom_canon}")
    pg.lines(15, y + 5, [owner_name, *owner_addr.lines(), owner_addr.city_line], 10)
    pg.t(112, y, "Locataire", 10, weight="bold", fill=pg.st.accent)
    _recipient(pg, 112, y + 5, p, addr)
    y += 32
    pg.t(15, y, "Adresse du logement loué :", 10, weight="bold")
    pg.t(15, y + 5, ", ".join([*addr.lines(), addr.city_line]), 10)
    y += 16
    total = rent + charges
    y = pg.para(15, y, 180, f"Je soussigné(e) {owner_name}, bailleur du logement désigné "
                f"ci-dessus, déclare avoir reçu de {p.civilite} {p.prenom} {p.nom_canon} la "
                f"somme de {v.fr_amount(total, euro=False)} euros au titre du paiement du loyer "
                f"et des charges pour la période de location du {pg.date(month_start)} au "
                f"{pg.date(month_end)} et lui en donne quittance, sous réserve de tous mes "
                "droits.", 10.5) + 6
    rows = [["Détail du règlement", "Montant"], ["Loyer", v.fr_amount(rent)],
            ["Provision pour charges", v.fr_amount(charges)],
            ["Total", v.fr_amount(total)]]
    y = pg.table(15, y, [120, 50], rows, size=10, align_right=(1,), bold_rows=(3,)) + 6
    pg.t(15, y, f"Date du paiement : {pg.date(paid)}", 10)
    y += 14
    pg.t(120, y, f"Fait à {owner_addr.commune.name}, le {pg.date(d)}", 10.5)
    _signature(c, 125, y + 14, 40, rng)
    pg.footer("Cette quittance annule tous les reçus qui auraient pu être donnés pour acompte "
              "versé sur la présente échéance.")
    return Sample(c.image, "justificatif_domicile", _address_truth(p, addr, d), set(), variant,
                  dpi, A4)


def render_am(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    pg = Page(rng, dpi)
    c = pg.c
    p = v.person(rng)
    nir = v.nir_for(rng, p, invalid=invalid)
    d = _doc_date(rng)
    cpam = rng.choice(v.COMMUNES)  # not always where the insured lives now
    pg.logo(15, 15, "l'Assurance Maladie", f"Caisse primaire — {cpam.dept_name}")
    pg.t(195, 18, f"Date d'édition : {pg.date(d)}", 9, anchor="ra")
    y = 45.0
    pg.t(105, y, rng.choice(["ATTESTATION DE DROITS", "Attestation de droits à l'assurance "
                                                      "maladie"]), 14, weight="bold",
         anchor="ma")
    y += 12
    y = pg.para(15, y, 180, "Cette attestation justifie de vos droits à l'assurance maladie. "
                "Elle peut être demandée par un établissement de santé ou un organisme social.",
                9.5) + 5
    nir_print = nir if rng.random() < 0.3 else \
        f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    given = " ".join(p.prenoms)
    c.rect(13, y - 2, 184, 44, outline=pg.st.accent, width=0.3)
    if rng.random() < 0.5:
        rows = [("Nom", p.nom_canon), ("Prénom(s)", given),
                ("Numéro de sécurité sociale", nir_print),
                ("Date de naissance", v.fr_date(p.date_naissance, "slash"))]
    else:
        rows = [("Bénéficiaire", f"{p.civ} {p.nom_canon} {given}"),
                ("N° d'immatriculation", nir_print),
                ("Né(e) le", v.fr_date(p.date_naissance, "slash"))]
    for label, value in rows:
        pg.t(17, y, f"{label} :", 10)
        pg.t(75, y, value, 10.5, weight="bold")
        y += 7
    pg.t(17, y, "Organisme de rattachement :", 10)
    pg.t(75, y, f"CPAM {cpam.dept_name} — {cpam.insee[:2]}{rng.randint(1, 9)}", 10)
    y += 15
    start = date(d.year, 1, 1)
    pg.t(15, y, f"Droits ouverts du {pg.date(start)} au {pg.date(date(d.year + 1, 3, 31))} — "
         "Régime général", 10)
    y += 7
    pg.t(15, y, f"Complémentaire santé solidaire : {rng.choice(['oui', 'non'])}", 10)
    y += 12
    if rng.random() < 0.5:
        pg.t(15, y, "Ayant(s) droit rattaché(s)", 10.5, weight="bold", fill=pg.st.accent)
        y += 7
        rows2 = [["Nom Prénom", "Date de naissance", "Numéro personnel"]]
        for _ in range(rng.randint(1, 3)):
            kid = v.person(rng, nom=p.nom, min_age=1, max_age=17, today=d)
            knir = v.nir_for(rng, kid)
            rows2.append([f"{kid.nom_canon} {kid.prenom}", v.fr_date(kid.date_naissance,
                                                                     "slash"), knir])
        y = pg.table(15, y, [80, 45, 55], rows2, size=9) + 8
    pg.para(15, y, 180, "Vos informations sont confidentielles. En cas de changement de "
            "situation, signalez-le à votre caisse.", 9)
    pg.footer("Document synthétique généré pour des tests — ne vaut pas attestation.")
    fields = {"nir": nir, "nom": p.nom_canon, "prenoms": p.prenoms_canon}
    return Sample(c.image, "attestation_droits_am", fields, {"nir"} if invalid else set(),
                  variant, dpi, A4)


JOBS = ("Vendeur(se)", "Agent de propreté", "Chauffeur", "Aide-soignant(e)",
        "Employé(e) polyvalent(e)", "Cuisinier(e)", "Magasinier", "Auxiliaire de vie")
EMPLOYERS = (
    "Boulangerie du Marché", "Transports Lefranc", "Clinique des Lilas", "Nettoyage Éclat",
    "Supermarché Central", "Atelier Mécanique Girard", "Restaurant Le Relais",
    "Association Aide à Domicile 93", "Entrepôts du Rhône", "Crèche Les Petits Pas",
)


def render_bulletin(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    pg = Page(rng, dpi, date_styles=("slash",))
    c = pg.c
    p = v.person(rng)
    addr = v.address(rng)
    emp = f"{rng.choice(['SARL', 'SAS', 'SA', 'EURL', ''])} {rng.choice(EMPLOYERS)}".strip()
    if rng.random() < 0.3:
        emp = emp.upper()
    emp_addr = v.address(rng, complement=False)
    month = date(rng.randint(2023, 2025), rng.randint(1, 12), 1)
    if month > date(2025, 4, 1):
        month = date(2025, 4, 1)
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    paid = end - timedelta(days=rng.randint(0, 3))
    pg.t(105, 12, rng.choice(["BULLETIN DE PAIE", "BULLETIN DE SALAIRE"]), 14, weight="bold",
         anchor="ma")
    pg.t(15, 22, emp, 11, weight="bold")
    pg.lines(15, 27.5, [emp_addr.street_line, emp_addr.city_line,
                        f"SIRET : {v.siret(rng)}",
                        f"Code NAF : {rng.randint(10, 96)}{rng.randint(10, 99)}"
                        f"{rng.choice('ABCZ')}",
                        f"Cotisations URSSAF : {emp_addr.commune.dept_name}"], 8.5)
    c.rect(110, 20, 87, 35, outline=(120, 120, 120), width=0.2)
    _recipient(pg, 113, 23, p, addr, civ_style="civ")
    y = 60.0
    info = [f"Période du {pg.date(month)} au {pg.date(end)}",
            f"Date de paiement : {pg.date(paid)} par virement",
            f"Emploi : {rng.choice(JOBS)}",
            f"Date d'entrée : {pg.date(v.random_date(rng, date(2005, 1, 1), month))}",
            f"N° de sécurité sociale : {v.nir_for(rng, p)}"]
    rng.shuffle(info)
    y = pg.lines(15, y, info, 9) + 4
    hours = Decimal("151.67")
    rate = v.amount(rng, 11.65, 24)
    brut = (hours * rate).quantize(v.CENT)
    extra = v.amount(rng, 0, 250) if rng.random() < 0.4 else Decimal(0)
    brut += extra
    rows = [["Éléments de paie", "Base", "Taux", "Montant"],
            ["Salaire de base", f"{hours}".replace(".", ","), v.fr_amount(rate, euro=False),
             v.fr_amount(brut - extra, euro=False)]]
    if extra:
        rows.append(["Heures supplémentaires", "", "", v.fr_amount(extra, euro=False)])
    rows.append(["SALAIRE BRUT", "", "", v.fr_amount(brut, euro=False)])
    cot_total = Decimal(0)
    for label, r in [("Santé - Complémentaire", "1,20"), ("Retraite sécurité sociale", "6,90"),
                     ("Retraite complémentaire", "4,01"), ("Assurance chômage", "0,00"),
                     ("CSG déductible", "6,80"), ("CSG/CRDS non déductible", "2,90")]:
        amt = (brut * Decimal(r.replace(",", ".")) / 100).quantize(v.CENT)
        cot_total += amt
        rows.append([label, v.fr_amount(brut, euro=False), r, v.fr_amount(-amt, euro=False)])
    rows.append(["TOTAL DES COTISATIONS", "", "", v.fr_amount(-cot_total, euro=False)])
    avant = brut - cot_total
    imposable = avant + (brut * Decimal("0.029")).quantize(v.CENT)
    social = avant + v.amount(rng, 0, 15)
    taux = rng.choice([Decimal(0), Decimal("1.5"), Decimal("3.2"), Decimal("5.1"),
                       Decimal("7.4")])
    pas = (imposable * taux / 100).quantize(v.CENT)
    net = avant - pas
    y = pg.table(15, y, [80, 30, 25, 45], rows, size=8.5, align_right=(1, 2, 3),
                 bold_rows=(len(rows) - 1,)) + 4
    rows2 = [["Synthèse", "Montant"],
             ["Net social", v.fr_amount(social)],
             ["NET À PAYER AVANT IMPÔT SUR LE REVENU", v.fr_amount(avant)],
             [f"Impôt sur le revenu prélevé à la source (taux {taux}".replace(".", ",")
              + " %)", v.fr_amount(-pas)],
             ["Net imposable", v.fr_amount(imposable)],
             [rng.choice(["NET PAYÉ", "NET PAYÉ EN EUROS", "NET PAYÉ AU SALARIÉ"]),
              v.fr_amount(net)]]
    if rng.random() < 0.5:
        rows2[1], rows2[4] = rows2[4], rows2[1]
    y = pg.table(15, y, [135, 45], rows2, size=9.5, align_right=(1,), bold_rows=(2, 5)) + 6
    cumul = (brut * month.month).quantize(v.CENT)
    pg.t(15, y, f"Cumuls annuels — Brut : {v.fr_amount(cumul)}   Net imposable : "
         f"{v.fr_amount((imposable * month.month).quantize(v.CENT))}", 8.5)
    pg.footer("Dans votre intérêt et pour vous aider à faire valoir vos droits, conservez ce "
              "bulletin de paie sans limitation de durée. Document synthétique de test.")
    fields = {"employeur": v.canon(emp), "periode": f"{month.year:04d}-{month.month:02d}",
              "salaire_net": v.canon_amount(net)}
    return Sample(c.image, "bulletin_salaire", fields, set(), variant, dpi, A4)


def render_livret(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    size = A5 if rng.random() < 0.5 else A4
    pg = Page(rng, dpi, size=size, date_styles=("long", "slash"))
    c = pg.c
    w = size[0]
    k = w / 148  # layout scale
    commune = rng.choice(v.COMMUNES)
    holder = v.person(rng, min_age=22, max_age=70)
    pg.t(w / 2, 10 * k, "RÉPUBLIQUE FRANÇAISE", 9 * k, weight="bold", anchor="ma")
    pg.t(w / 2, 16 * k, "LIVRET DE FAMILLE", 14 * k, weight="bold", anchor="ma",
         fill=pg.st.accent)
    pg.t(w / 2, 24 * k, f"Commune de {commune.name}", 9 * k, anchor="ma")
    y = 34 * k
    fields: dict[str, str] = {"nom": holder.nom_canon}
    x = 12 * k

    def person_block(role: str, who: v.Person, y: float) -> float:
        pg.t(x, y, role, 9.5 * k, weight="bold", fill=pg.st.accent)
        y += 5.5 * k
        pg.t(x + 4 * k, y, f"{who.nom_canon} {' '.join(who.prenoms)}", 10 * k,
             weight="bold")
        y += 5 * k
        born = f"né{'e' if who.sexe == 'F' else ''} le {pg.date(who.date_naissance)} à " \
               f"{who.lieu_naissance}"
        pg.t(x + 4 * k, y, born, 8.5 * k)
        return y + 8 * k

    if variant == "mariage":
        other = v.person(rng, sexe="M" if holder.sexe == "F" else "F", min_age=22,
                         max_age=70)
        wed = v.random_date(rng, max(holder.date_naissance, other.date_naissance)
                            + timedelta(days=365 * 19), date(2024, 12, 31))
        fields["date_mariage"] = wed.isoformat()
        pg.t(w / 2, y, "EXTRAIT DE L'ACTE DE MARIAGE", 10.5 * k, weight="bold", anchor="ma")
        y += 10 * k
        y = pg.para(x, y, w - 2 * x, f"Le {pg.date(wed)} a été célébré à la mairie de "
                    f"{commune.name} le mariage de :", 9.5 * k) + 3 * k
        y = person_block("Époux" if holder.sexe == "M" else "Épouse", holder, y)
        y = person_block("Épouse" if other.sexe == "F" else "Époux", other, y)
        pg.t(x, y, "Contrat de mariage : néant", 8.5 * k)
        y += 8 * k
        children_nom = holder.nom if holder.sexe == "M" else other.nom
    else:
        pg.t(w / 2, y, "PARENTS", 10.5 * k, weight="bold", anchor="ma")
        y += 9 * k
        y = person_block("Mère" if holder.sexe == "F" else "Père", holder, y)
        children_nom = holder.nom
    n = rng.randint(1, 3)
    pg.t(x, y, "ENFANT(S)", 9.5 * k, weight="bold", fill=pg.st.accent)
    y += 6 * k
    for _ in range(n):
        kid = v.person(rng, nom=children_nom, min_age=0, max_age=20)
        pg.t(x + 4 * k, y, f"{kid.nom_canon} {' '.join(kid.prenoms)}, "
             f"né{'e' if kid.sexe == 'F' else ''} le {pg.date(kid.date_naissance)}", 8.5 * k)
        y += 5 * k
    y += 6 * k
    pg.t(x, y, f"Délivré par l'officier de l'état civil de {commune.name}", 8.5 * k)
    _signature(c, w - 55 * k, y + 12 * k, 35 * k, rng)
    _stamp(c, w - 25 * k, y + 14 * k, 9 * k, "MAIRIE", (40, 60, 140))
    return Sample(c.image, "livret_famille", fields, set(), variant, dpi, size)


LETTER_BODIES = {
    "lettre": [
        "Nous avons le plaisir de vous inviter à l'assemblée générale annuelle de "
        "l'association, qui se tiendra dans la salle polyvalente de la mairie.",
        "À l'ordre du jour : le bilan des activités de l'année écoulée, le rapport financier, "
        "le renouvellement du bureau et les projets de jardins partagés pour le printemps.",
        "Un pot de l'amitié clôturera la réunion. Merci de confirmer votre présence par "
        "retour de courrier ou par téléphone.",
    ],
    "ecole": [
        "Madame, Monsieur, nous vous informons que la réunion parents-professeurs de la "
        "classe de votre enfant aura lieu prochainement au collège.",
        "Les enseignants présenteront le programme du trimestre, les sorties prévues et les "
        "modalités d'évaluation. Les délégués des parents seront élus à cette occasion.",
        "Nous vous remercions de bien vouloir retourner le coupon ci-dessous signé.",
    ],
}


def render_autre(rng: random.Random, dpi: int, invalid: bool, variant: str) -> Sample:
    pg = Page(rng, dpi, date_styles=("long",))
    c = pg.c
    if variant == "empty":
        return Sample(c.image, "autre", {}, set(), variant, dpi, A4)
    p = v.person(rng)
    addr = v.address(rng)
    d = _doc_date(rng)
    commune = rng.choice(v.COMMUNES)
    sender = (f"Association Les Jardins Partagés de {commune.name}" if variant == "lettre"
              else f"Collège {rng.choice(['Jean Moulin', 'Victor Hugo', 'Louise Michel'])}")
    pg.t(15, 18, sender, 12, weight="bold", fill=pg.st.accent)
    sa = v.address(rng, commune=commune, complement=False)
    pg.lines(15, 24, [sa.street_line, sa.city_line], 9)
    _recipient(pg, 112, 45, p, addr)
    pg.t(195, 78, f"{commune.name}, le {pg.date(d)}", 10, anchor="ra")
    subject = ("Invitation à l'assemblée générale" if variant == "lettre"
               else "Réunion parents-professeurs")
    pg.t(15, 92, f"Objet : {subject}", 10.5, weight="bold")
    y = 104.0
    pg.t(15, y, f"{p.civilite},", 10.5)
    y += 9
    for para in LETTER_BODIES[variant]:
        y = pg.para(15, y, 180, para, 10.5) + 4
    when = d + timedelta(days=rng.randint(10, 40))
    y = pg.para(15, y, 180, f"Date : {pg.date(when)} à {rng.randint(14, 19)} h 30.", 10.5) + 4
    y = pg.para(15, y, 180, f"Veuillez agréer, {p.civilite}, l'expression de nos salutations "
                "distinguées.", 10.5) + 10
    signer = v.person(rng)
    pg.t(130, y, f"{signer.prenom} {signer.nom_canon}", 10.5)
    pg.t(130, y + 5, "Le président" if variant == "lettre" else "Le principal", 9.5)
    _signature(c, 130, y + 16, 35, rng)
    return Sample(c.image, "autre", {}, set(), variant, dpi, A4)


Renderer = Callable[[random.Random, int, bool, str], Sample]
RENDERERS: dict[str, Renderer] = {
    "cni": render_cni,
    "passeport": render_passeport,
    "titre_sejour": render_titre_sejour,
    "rib": render_rib,
    "avis_imposition": render_avis,
    "attestation_caf": render_caf,
    "justificatif_domicile": render_domicile,
    "attestation_droits_am": render_am,
    "bulletin_salaire": render_bulletin,
    "livret_famille": render_livret,
    "autre": render_autre,
}
# Types that can carry a deliberate checksum error.
CAN_BE_INVALID = {"cni", "passeport", "titre_sejour", "rib", "avis_imposition",
                  "attestation_droits_am"}


def render(doc_type: str, rng: random.Random | int | str, *, dpi: int = 200,
           invalid: bool = False, variant: str | None = None) -> Sample:
    """Render one document. ``rng`` may be a seed. ``variant`` defaults to a random one of
    ``VARIANTS[doc_type]``; ``invalid`` is ignored by types with nothing to check."""
    if doc_type not in RENDERERS:
        raise ValueError(f"unknown document type {doc_type!r}; known: {', '.join(DOC_TYPES)}")
    r = rng if isinstance(rng, random.Random) else random.Random(rng)  # noqa: S311
    chosen = variant or r.choice(VARIANTS[doc_type])
    if chosen not in VARIANTS[doc_type]:
        raise ValueError(f"unknown variant {chosen!r} for {doc_type}")
    sample = RENDERERS[doc_type](r, dpi, invalid and doc_type in CAN_BE_INVALID, chosen)
    if sample.image.mode == "RGBA":
        return sample
    # A whisper of print texture: paper is never perfectly flat white.
    if sample.variant != "empty":
        sample.image = sample.image.filter(ImageFilter.GaussianBlur(radius=0.35 * dpi / 300))
    return sample
