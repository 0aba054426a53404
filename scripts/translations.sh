#!/usr/bin/env bash
# Re-extracts the translatable strings of kiosk/ui into resources/translations/kiosk_en.ts
# (French source text, English translations kept), then compiles kiosk_en.qm.
# The tools ship with PySide6-Essentials in .venv (pyside6-lupdate, pyside6-lrelease).
#
# After adding or changing a string: run this, fill in the new <translation> elements
# (Qt Linguist: .venv/bin/pyside6-linguist, or by hand, removing type="unfinished"),
# run it again and commit both the .ts and the .qm. It exits 1 while a string is unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=resources/translations
ts="$dir/kiosk_en.ts"
qm="$dir/kiosk_en.qm"
mkdir -p "$dir"

mapfile -t sources < <(find kiosk/ui -name '*.py' -not -path '*/__pycache__/*' | sort)
.venv/bin/pyside6-lupdate -silent -no-obsolete -locations none \
    -source-language fr -target-language en \
    "${sources[@]}" -ts "$ts"
.venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"

unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
echo "translations: $ts -> $qm ($unfinished unfinished)"
if [ "$unfinished" -gt 0 ]; then
    echo "translations: translate the strings marked type=\"unfinished\" in $ts, then run again" >&2
    exit 1
fi
