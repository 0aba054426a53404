"""Drawing helpers: millimetre coordinates on a Pillow image at a given DPI, and fonts."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
Color = tuple[int, int, int]
BLACK: Color = (0, 0, 0)
WHITE: Color = (255, 255, 255)


@functools.cache
def font_path(filename: str) -> str:
    """Absolute path of an installed font file (Debian: fonts-dejavu, fonts-liberation2,
    fonts-ocr-b)."""
    for root in FONT_ROOTS:
        for found in sorted(root.rglob(filename)):
            return str(found)
    raise FileNotFoundError(f"font {filename} not installed (see scripts/apt-packages.txt)")


@dataclass(frozen=True)
class Family:
    name: str
    regular: str
    bold: str
    italic: str


FAMILIES = (
    Family("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    Family("DejaVu Sans Condensed", "DejaVuSansCondensed.ttf",
           "DejaVuSansCondensed-Bold.ttf", "DejaVuSansCondensed-Oblique.ttf"),
    Family("DejaVu Serif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    Family("Liberation Sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
           "LiberationSans-Italic.ttf"),
    Family("Liberation Serif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
           "LiberationSerif-Italic.ttf"),
)
MONO = Family("Liberation Mono", "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf",
              "LiberationMono-Italic.ttf")
OCRB = "OCRB.otf"


@functools.cache
def _font(filename: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(filename), max(size_px, 4))


@dataclass(frozen=True)
class Style:
    """Per-sample visual choices."""

    family: Family
    heading: Family
    scale: float  # multiplies every font size
    accent: Color
    date_style: str

    @staticmethod
    def pick(rng: random.Random, *, date_styles: tuple[str, ...] = ("slash",)) -> Style:
        family = rng.choice(FAMILIES)
        heading = family if rng.random() < 0.6 else rng.choice(FAMILIES)
        accent = rng.choice([(0, 45, 120), (20, 90, 160), (150, 20, 40), (0, 110, 80),
                             (60, 60, 60), (120, 40, 130), (200, 80, 0)])
        return Style(family, heading, rng.uniform(0.92, 1.1), accent, rng.choice(date_styles))


class Canvas:
    """A page or card; coordinates in millimetres from the top-left corner."""

    def __init__(self, width_mm: float, height_mm: float, dpi: int,
                 background: Color = WHITE) -> None:
        self.dpi = dpi
        self.width_mm = width_mm
        self.height_mm = height_mm
        self.image = Image.new("RGB", (self.px(width_mm), self.px(height_mm)), background)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def mm(self, px: float) -> float:
        return px * 25.4 / self.dpi

    def font(self, family: Family | str, size_pt: float, weight: str = "regular"
             ) -> ImageFont.FreeTypeFont:
        if isinstance(family, str):
            filename = family
        else:
            filename = {"regular": family.regular, "bold": family.bold,
                        "italic": family.italic}[weight]
        return _font(filename, round(size_pt * self.dpi / 72))

    def text(self, x: float, y: float, text: str, size_pt: float, family: Family | str, *,
             weight: str = "regular", fill: Color = BLACK, anchor: str = "la") -> float:
        """Draw ``text`` with its top-left (anchor ``la``) at (x, y) mm; returns width in mm."""
        f = self.font(family, size_pt, weight)
        self.draw.text((self.px(x), self.px(y)), text, font=f, fill=fill, anchor=anchor)
        return self.mm(f.getlength(text))

    def width(self, text: str, size_pt: float, family: Family | str,
              weight: str = "regular") -> float:
        return self.mm(self.font(family, size_pt, weight).getlength(text))

    def fit(self, text: str, size_pt: float, family: Family | str, max_mm: float,
            weight: str = "regular") -> float:
        """Largest size <= ``size_pt`` at which ``text`` fits in ``max_mm``."""
        w = self.width(text, size_pt, family, weight)
        return size_pt if w <= max_mm else size_pt * max_mm / w

    def wrap(self, x: float, y: float, width: float, text: str, size_pt: float,
             family: Family, *, fill: Color = BLACK, leading: float = 1.35,
             weight: str = "regular") -> float:
        """Draw a paragraph; returns the y (mm) below it."""
        line_h = size_pt * 0.3528 * leading
        words = text.split()
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if line and self.width(trial, size_pt, family, weight) > width:
                self.text(x, y, line, size_pt, family, fill=fill, weight=weight)
                y += line_h
                line = word
            else:
                line = trial
        if line:
            self.text(x, y, line, size_pt, family, fill=fill, weight=weight)
            y += line_h
        return y

    def rect(self, x: float, y: float, w: float, h: float, *, outline: Color | None = BLACK,
             fill: Color | None = None, width: float = 0.25) -> None:
        self.draw.rectangle(
            (self.px(x), self.px(y), self.px(x + w), self.px(y + h)), outline=outline,
            fill=fill, width=max(1, self.px(width)) if outline is not None else 0)

    def rounded(self, x: float, y: float, w: float, h: float, r: float, *,
                outline: Color | None = BLACK, fill: Color | None = None,
                width: float = 0.25) -> None:
        self.draw.rounded_rectangle(
            (self.px(x), self.px(y), self.px(x + w), self.px(y + h)), radius=self.px(r),
            outline=outline, fill=fill, width=max(1, self.px(width)))

    def line(self, x1: float, y1: float, x2: float, y2: float, *, fill: Color = BLACK,
             width: float = 0.25) -> None:
        self.draw.line((self.px(x1), self.px(y1), self.px(x2), self.px(y2)), fill=fill,
                       width=max(1, self.px(width)))

    def ellipse(self, x: float, y: float, w: float, h: float, *, fill: Color | None = None,
                outline: Color | None = None, width: float = 0.25) -> None:
        self.draw.ellipse((self.px(x), self.px(y), self.px(x + w), self.px(y + h)), fill=fill,
                          outline=outline, width=max(1, self.px(width)))

    def paste(self, img: Image.Image, x: float, y: float, *, width: float | None = None
              ) -> None:
        if width is not None:
            scale = self.px(width) / img.width
            img = img.resize((self.px(width), max(1, round(img.height * scale))),
                             Image.Resampling.LANCZOS)
        self.image.paste(img.convert("RGB"), (self.px(x), self.px(y)))
