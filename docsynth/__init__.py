"""Synthetic French documents and simulated tablet photos, for OCR tests and benchmarks.

>>> import random
>>> from docsynth import render, photograph
>>> s = render("rib", random.Random(1))
>>> s.fields["iban"][:2]
'FR'

See docsynth/README.md for the truth format and the conventions.
"""

from docsynth.photo import Photo, photograph, photograph_nothing
from docsynth.render import DOC_TYPES, VARIANTS, Sample, render

__all__ = ["DOC_TYPES", "VARIANTS", "Photo", "Sample", "photograph", "photograph_nothing",
           "render"]
