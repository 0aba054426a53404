#!/usr/bin/env bash
# One-shot set-up on a fresh Debian machine: the system packages listed in
# scripts/apt-packages.txt (only the missing ones), then .venv with the project
# installed editable with its dev extras. Safe to run again: it does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want=()
while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="${pkg//[[:space:]]/}"
    [ -n "$pkg" ] || continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        want+=("$pkg")
    fi
done < scripts/apt-packages.txt

if [ "${#want[@]}" -gt 0 ]; then
    echo "setup: installing system packages: ${want[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
fi

py="${PYTHON:-python3}"
stamp=".venv/.installed"
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $($py --version)"
    "$py" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev]"
    touch "$stamp"
fi
