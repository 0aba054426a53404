"""A beneficiary's documents: scanned pages filed in the vault, listed, replaced, exported.

Plain Python (no Qt): :mod:`~kiosk.documents.access` shares the open vault session between
the card's reader thread and the vault worker, :mod:`~kiosk.documents.filing` files what the
person confirmed and lists what is filed, :mod:`~kiosk.documents.pages` packs the pages,
:mod:`~kiosk.documents.pdf` and :mod:`~kiosk.documents.export` hand one document over as PDF.
"""
