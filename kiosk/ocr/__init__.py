"""Document capture and reading (design/OCR.md): no Qt here, and nothing written to disk.

- :mod:`kiosk.ocr.page`: page quadrilateral, sharpness, :class:`~kiosk.ocr.page.AutoShutter`.
- :mod:`kiosk.ocr.rectify`: warp to a fixed resolution, lighting, deskew, orientation.
- :mod:`kiosk.ocr.recognise`: tesseract through a pipe (the only module that runs it).
- :mod:`kiosk.ocr.mrz` / :mod:`kiosk.ocr.mrzread`: MRZ layouts and check digits / finding
  and reading the zone (OCR-B template matching).
- :mod:`kiosk.ocr.twoddoc`: 2D-Doc decoding and signature verification.
- :mod:`kiosk.ocr.classify`, :mod:`kiosk.ocr.extract`, :mod:`kiosk.ocr.fields`: type, fields,
  normalisation and validation.
- :mod:`kiosk.ocr.pipeline`: :func:`~kiosk.ocr.pipeline.read_document`;
  :mod:`kiosk.ocr.worker`: the same off the caller's thread.
"""
