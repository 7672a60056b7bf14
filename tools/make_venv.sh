#!/usr/bin/env bash
# Create the virtual environment VENV with the interpreter PYTHON, if missing.
#   usage: bash tools/make_venv.sh PYTHON VENV
#
# Debian and Ubuntu ship python3 without its venv module (package python3-venv).
# When `python3 -m venv` fails for that reason and we are root with apt-get,
# install it and try again; otherwise say what to install and fail.
set -euo pipefail

PYTHON=${1:?usage: make_venv.sh PYTHON VENV}
VENV=${2:?usage: make_venv.sh PYTHON VENV}

if [ -x "$VENV/bin/python" ]; then
    exit 0
fi

if "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    exit 0
fi
rm -rf "$VENV"

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    echo "make_venv: '$PYTHON -m venv' failed; installing python3-venv..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${pyver}-venv" >/dev/null 2>&1 ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv "$VENV" && exit 0
    rm -rf "$VENV"
fi

echo "make_venv: could not create a virtual environment with '$PYTHON -m venv $VENV'." >&2
echo "  On Debian/Ubuntu install it with:  sudo apt-get install python3-venv" >&2
echo "  Or pick another interpreter:       make PYTHON=/path/to/python3.10+ ..." >&2
exit 1
