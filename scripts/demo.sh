#!/usr/bin/env bash
# Walks through the kiosk's screens and saves one PNG per step, with no person needed.
# Usage: scripts/demo.sh [DIR] (default: demo-screenshots). Without a display it runs the
# real X11 (xcb) back end under Xvfb, at the demo window's size.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-demo-screenshots}"
demo=(.venv/bin/python -m kiosk.ui.demo "$out")

if [ -n "${DISPLAY:-}" ]; then
    "${demo[@]}"
else
    # The Makefile exports QT_QPA_PLATFORM=offscreen for the tests; the demo wants X11.
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" "${demo[@]}"
fi
echo "demo: screenshots are in $(cd "$out" && pwd)"
