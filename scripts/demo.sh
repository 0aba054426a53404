#!/usr/bin/env bash
# The demo: a real station (pcscd with virtual readers, a card authority, a vault, virtual
# cards issued over APDUs) walked through the kiosk's screens, one PNG per step, with no
# person needed. Usage: scripts/demo.sh [DIR] (default: demo-screenshots).
#
# Without a display it runs the real X11 (xcb) back end under Xvfb, at the demo window's size.
# With a display, the kiosk and its demo panel ("Insérer la carte", "Retirer la carte") stay
# open after the screenshots, for a person to try the cards; KIOSK_DEMO_PLAY=0 skips that.
# pcscd: the running one when it has the vpcd driver, else one started (and stopped) here.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-demo-screenshots}"
demo=(.venv/bin/python -m kiosk.ui.demo "$out")

if [ -n "${DISPLAY:-}" ]; then
    if [ "${KIOSK_DEMO_PLAY:-1}" != 0 ]; then
        demo+=(--play)
    fi
    QT_QPA_PLATFORM=xcb "${demo[@]}"
else
    # The Makefile exports QT_QPA_PLATFORM=offscreen for the tests; the demo wants X11.
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" "${demo[@]}"
fi
echo "demo: screenshots are in $(cd "$out" && pwd)"
