"""The photographer: a document lying on a table, seen by a tablet camera.

``photograph(page, size_mm, rng, severity=...)`` returns a :class:`Photo` with the frame,
the JPEG bytes and the ground-truth corners of the document in the frame, in the
document's own order (its top-left, top-right, bottom-right, bottom-left): after a 180°
turn the document's top-left corner is the one near the frame's bottom-right.

``severity`` is a float in [0, 1] or one of ``mild`` (0.25), ``medium`` (0.6), ``hard``
(0.95), calibrated on the levels of OCR.md section 2 (resolution on the page, corner
jitter, blur, noise, JPEG quality, light range, shadow).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

PRESETS = {"mild": 0.25, "medium": 0.6, "hard": 0.95}
FRAME = (2448, 3264)  # 8 MP, portrait (width, height)
Corners = list[tuple[float, float]]
F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Params:
    dpi: float  # resolution on an A4 page (cards get a closer shot)
    jitter: float  # max corner displacement, fraction of the page side
    tilt_deg: float  # max in-plane tilt added to the 0/90/180/270 rotation
    blur: float  # Gaussian sigma in frame pixels
    noise: float  # Gaussian noise sigma (0-255 scale)
    jpeg: int
    light_min: float  # darkest point of the illumination field
    shadow: float  # probability of a cast shadow


def params(severity: float | str) -> Params:
    s = PRESETS[severity] if isinstance(severity, str) else float(severity)
    s = min(max(s, 0.0), 1.0)
    return Params(
        dpi=260 - 115 * s,
        jitter=0.01 + 0.085 * s,
        tilt_deg=2 + 6 * s,
        blur=0.5 + 1.45 * s,
        noise=2.5 + 7.9 * s,
        jpeg=round(92 - 38 * s),
        light_min=0.95 - 0.52 * s,
        shadow=min(max(1.2 * s - 0.2, 0.0), 1.0),
    )


@dataclass
class Photo:
    image: Image.Image  # RGB, already through JPEG
    jpeg: bytes
    corners: Corners | None  # None when there is no page in the frame
    rotation: int  # 0, 90, 180 or 270: clockwise turn of the document in the frame
    severity: float
    meta: dict[str, str] = field(default_factory=dict)


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(64))


def _smooth_noise(g: np.random.Generator, h: int, w: int, cells: int) -> F32:
    small = g.random((max(2, cells * h // max(h, w) + 1), max(2, cells * w // max(h, w) + 1)),
                     dtype=np.float32)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC), np.float32)


def table(rng: random.Random, full_w: int, full_h: int, kind: str = "dark") -> F32:
    """A textured table top (float32 HxWx3, 0-255): dark wood, dark matte, or light.
    Drawn at half resolution and scaled up (camera noise adds the fine grain later)."""
    g = _np_rng(rng)
    w, h = max(4, full_w // 2), max(4, full_h // 2)
    if kind == "light":
        base = np.array([rng.uniform(200, 235)] * 3, np.float32) + \
            np.array([rng.uniform(-8, 8) for _ in range(3)], np.float32)
    elif rng.random() < 0.5:  # wood
        base = np.array([rng.uniform(70, 110), rng.uniform(45, 70), rng.uniform(25, 45)],
                        np.float32)
    else:  # matte dark desk
        v = rng.uniform(35, 70)
        base = np.array([v, v * rng.uniform(0.95, 1.05), v * rng.uniform(0.95, 1.1)],
                        np.float32)
    low = _smooth_noise(g, h, w, 6) - 0.5
    grain_dir = rng.uniform(0, math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = xx * math.cos(grain_dir) + yy * math.sin(grain_dir)
    warp = _smooth_noise(g, h, w, 4) * 60
    grain = np.sin((t + warp) / rng.uniform(6, 18)).astype(np.float32)
    tex = base[None, None, :] * (1 + 0.25 * low[..., None] + 0.06 * grain[..., None])
    tex += 3 * g.standard_normal((h, w, 1), dtype=np.float32)
    tex = np.clip(tex, 0, 255)
    return np.asarray(cv2.resize(tex, (full_w, full_h), interpolation=cv2.INTER_LINEAR),
                      np.float32)


def _order_frame(doc_w: float, doc_h: float, rotation: int, frame: tuple[int, int]
                 ) -> tuple[int, int]:
    """Portrait frame for portrait-looking documents, landscape otherwise."""
    fw, fh = min(frame), max(frame)
    turned = rotation in (90, 270)
    looks_landscape = (doc_w > doc_h) != turned
    return (fh, fw) if looks_landscape else (fw, fh)


def _quad(rng: random.Random, w: float, h: float, fw: int, fh: int, rotation: int,
          p: Params) -> Corners:
    theta = math.radians(rotation + rng.uniform(-p.tilt_deg, p.tilt_deg))
    cos, sin = math.cos(theta), math.sin(theta)
    rect = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    jit = [(rng.uniform(-p.jitter, p.jitter) * w, rng.uniform(-p.jitter, p.jitter) * h)
           for _ in rect]
    pts = [(x + jx, y + jy) for (x, y), (jx, jy) in zip(rect, jit, strict=True)]
    rot = [(x * cos - y * sin, x * sin + y * cos) for x, y in pts]
    xs, ys = [q[0] for q in rot], [q[1] for q in rot]
    margin = 0.02 * min(fw, fh)
    span_x = fw - 2 * margin - (max(xs) - min(xs))
    span_y = fh - 2 * margin - (max(ys) - min(ys))
    cx = margin - min(xs) + rng.uniform(0.2, 0.8) * max(span_x, 0)
    cy = margin - min(ys) + rng.uniform(0.2, 0.8) * max(span_y, 0)
    return [(x + cx, y + cy) for x, y in rot]


def _light(rng: random.Random, g: np.random.Generator, full_w: int, full_h: int, p: Params
           ) -> F32:
    """Illumination field, computed at 1/8 scale (it is smooth) and scaled up."""
    fw, fh = max(8, full_w // 8), max(8, full_h // 8)
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    ramp = (xx / fw - 0.5) * math.cos(ang) + (yy / fh - 0.5) * math.sin(ang)
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    cx, cy = rng.uniform(0.2, 0.8) * fw, rng.uniform(0.2, 0.8) * fh
    spot = np.exp(-(((xx - cx) / fw) ** 2 + ((yy - cy) / fh) ** 2) * rng.uniform(1, 3))
    field_ = 0.6 * (1 - ramp) + 0.4 * spot + 0.1 * (_smooth_noise(g, fh, fw, 5) - 0.5)
    field_ = (field_ - field_.min()) / max(float(field_.max() - field_.min()), 1e-6)
    low = rng.uniform(p.light_min, min(1.0, p.light_min + 0.1))
    out = low + (1 - low) * field_
    if rng.random() < p.shadow:
        mask = np.zeros((fh, fw), np.uint8)
        # a hand, a tablet or a head between the lamp and the table
        edge = rng.choice(["top", "left", "right", "bottom"])
        reach = rng.uniform(0.2, 0.55)
        a, b = sorted((rng.uniform(0, 1), rng.uniform(0, 1)))
        if edge in ("top", "bottom"):
            y0 = 0 if edge == "top" else fh
            y1 = reach * fh if edge == "top" else fh * (1 - reach)
            poly = [(a * fw, y0), (b * fw, y0), (b * fw + rng.uniform(-0.1, 0.1) * fw, y1),
                    (a * fw + rng.uniform(-0.1, 0.1) * fw, y1)]
        else:
            x0 = 0 if edge == "left" else fw
            x1 = reach * fw if edge == "left" else fw * (1 - reach)
            poly = [(x0, a * fh), (x0, b * fh), (x1, b * fh + rng.uniform(-0.1, 0.1) * fh),
                    (x1, a * fh + rng.uniform(-0.1, 0.1) * fh)]
        cv2.fillPoly(mask, [np.array(poly, np.int32)], 255)
        soft = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0),
                                sigmaX=rng.uniform(0.01, 0.04) * max(fw, fh))
        out = out * (1 - soft * rng.uniform(0.25, 0.45))
    return np.asarray(cv2.resize(np.asarray(out, np.float32), (full_w, full_h),
                                 interpolation=cv2.INTER_LINEAR), np.float32)


def _motion_kernel(length: int, angle: float) -> npt.NDArray[np.float32]:
    k = np.zeros((length, length), np.float32)
    c = (length - 1) / 2
    for i in range(length):
        t = i - c
        x, y = round(c + t * math.cos(angle)), round(c + t * math.sin(angle))
        k[y, x] = 1
    return np.asarray(k / k.sum(), np.float32)


def _finish(rng: random.Random, g: np.random.Generator, img: F32, p: Params
            ) -> tuple[Image.Image, bytes, dict[str, str]]:
    meta: dict[str, str] = {}
    fh, fw = img.shape[:2]
    balance = np.array([rng.uniform(0.95, 1.05) for _ in range(3)], np.float32)
    img *= _light(rng, g, fw, fh, p)[..., None] * balance[None, None, :]
    if rng.random() < 0.3:
        length = max(3, round(p.blur * rng.uniform(2, 4)) | 1)
        img = np.asarray(cv2.filter2D(img, -1, _motion_kernel(length, rng.uniform(0, math.pi))),
                         np.float32)
        meta["blur"] = f"motion {length}px"
    else:
        sigma = p.blur * rng.uniform(0.8, 1.2)
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), sigmaX=sigma), np.float32)
        meta["blur"] = f"defocus sigma {sigma:.2f}"
    img += p.noise * g.standard_normal((fh, fw, 1), dtype=np.float32)
    chroma = (p.noise * 0.4) * g.standard_normal((fh // 2, fw // 2, 3), dtype=np.float32)
    img += np.asarray(cv2.resize(chroma, (fw, fh), interpolation=cv2.INTER_NEAREST),
                      np.float32)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    quality = max(20, min(98, p.jpeg + rng.randint(-5, 5)))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality)
    data = buf.getvalue()
    meta["jpeg_quality"] = str(quality)
    return Image.open(io.BytesIO(data)).convert("RGB"), data, meta


def photograph(page: Image.Image, size_mm: tuple[float, float], rng: random.Random, *,
               severity: float | str = "mild", frame: tuple[int, int] = FRAME,
               rotation: int | None = None, table_kind: str = "dark") -> Photo:
    """Put ``page`` (physical size ``size_mm``) on a table and take its picture.

    ``rotation`` defaults to a random 0/90/180/270 (0 most often). ``frame`` is the camera
    resolution (width, height); it is turned to suit the document."""
    p = params(severity)
    s = PRESETS[severity] if isinstance(severity, str) else float(severity)
    g = _np_rng(rng)
    if rotation is None:
        rotation = rng.choices([0, 90, 180, 270], weights=[55, 15, 15, 15])[0]
    if rotation not in (0, 90, 180, 270):
        raise ValueError("rotation must be 0, 90, 180 or 270")
    fw, fh = _order_frame(size_mm[0], size_mm[1], rotation, frame)
    dpi = p.dpi * rng.uniform(0.92, 1.08)
    if max(size_mm) < 150:  # card or booklet: held closer (card-framing mode)
        dpi *= rng.uniform(1.5, 1.9)
    room = 0.9 * (1 - 2 * p.jitter)  # margin, and room for the perspective
    long_frame = max(fw, fh) * room
    short_frame = min(fw, fh) * room
    dpi = min(dpi, long_frame / (max(size_mm) / 25.4), short_frame / (min(size_mm) / 25.4))
    w = size_mm[0] / 25.4 * dpi
    h = size_mm[1] / 25.4 * dpi
    src = page.convert("RGBA")
    src = src.resize((max(2, round(w)), max(2, round(h))), Image.Resampling.LANCZOS)
    arr = np.asarray(src, np.float32)
    paper = rng.uniform(0.9, 0.98)
    rgb = arr[..., :3] * paper
    alpha = arr[..., 3] / 255
    quad = _quad(rng, src.width, src.height, fw, fh, rotation, p)
    src_pts = np.array([(0, 0), (src.width, 0), (src.width, src.height), (0, src.height)],
                       np.float32)
    hom = cv2.getPerspectiveTransform(src_pts, np.array(quad, np.float32))
    warped = np.asarray(cv2.warpPerspective(rgb, hom, (fw, fh), flags=cv2.INTER_LINEAR,
                                            borderMode=cv2.BORDER_CONSTANT, borderValue=0),
                        np.float32)
    mask = np.asarray(cv2.warpPerspective(alpha, hom, (fw, fh), flags=cv2.INTER_LINEAR),
                      np.float32)
    bg = table(rng, fw, fh, table_kind)
    # contact shadow of the sheet on the table
    off = max(2, round(0.004 * max(fw, fh)))
    small = cv2.resize(np.roll(mask, (off, off), axis=(0, 1)), (fw // 4, fh // 4),
                       interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigmaX=max(off * 1.5 / 4, 0.8))
    shadow = np.asarray(cv2.resize(small, (fw, fh), interpolation=cv2.INTER_LINEAR),
                        np.float32)
    bg *= (1 - 0.45 * shadow)[..., None]
    img = bg * (1 - mask[..., None]) + warped
    image, data, meta = _finish(rng, g, img, p)
    meta["page_dpi"] = f"{dpi:.0f}"
    return Photo(image, data, [(float(x), float(y)) for x, y in quad], rotation, s, meta)


def photograph_nothing(rng: random.Random, *, severity: float | str = "mild",
                       frame: tuple[int, int] = FRAME, table_kind: str = "dark") -> Photo:
    """The table with no document: maybe a pen and a set of keys, nothing page-like."""
    p = params(severity)
    s = PRESETS[severity] if isinstance(severity, str) else float(severity)
    g = _np_rng(rng)
    fw, fh = frame if rng.random() < 0.5 else (frame[1], frame[0])
    img = table(rng, fw, fh, table_kind)
    canvas = np.zeros((fh, fw), np.uint8)
    for _ in range(rng.randint(0, 2)):
        cx, cy = rng.uniform(0.2, 0.8) * fw, rng.uniform(0.2, 0.8) * fh
        length, width = rng.uniform(0.12, 0.2) * fw, rng.uniform(0.008, 0.015) * fw
        box = cv2.boxPoints(((cx, cy), (length, width), rng.uniform(0, 180)))
        cv2.fillPoly(canvas, [box.astype(np.int32)], 255)
    objects = canvas.astype(np.float32)[..., None] / 255
    color = np.array([rng.uniform(10, 200) for _ in range(3)], np.float32)
    img = np.asarray(img * (1 - objects) + color * objects, np.float32)
    image, data, meta = _finish(rng, g, img, p)
    return Photo(image, data, None, 0, s, meta)
