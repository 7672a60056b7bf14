#!/usr/bin/env bash
# Make sure Graphviz's `dot` program is on PATH.
#
# minigrad draws computation graphs with `dot`. Without it minigrad still
# works: it writes the graphs as `.dot` text instead of pictures, and the tests
# that need `dot` are skipped. So this script never fails the build: it installs
# Graphviz when it can (as root, with the system's package manager) and
# otherwise explains what to do, then exits 0 either way.
set -u

if command -v dot >/dev/null 2>&1; then
    exit 0
fi

. "$(dirname "$0")/system_packages.sh"

if [ "$(id -u)" = "0" ]; then
    echo "ensure_dot: Graphviz's dot is missing; installing the graphviz package..." >&2
    install_system_packages graphviz -- graphviz -- graphviz -- graphviz
    if command -v dot >/dev/null 2>&1 && dot -V >/dev/null 2>&1; then
        echo "ensure_dot: installed $(dot -V 2>&1)" >&2
        exit 0
    fi
fi

cat >&2 <<'MSG'
ensure_dot: Graphviz's `dot` program was not found (and could not be installed here).
  Install Graphviz to get pictures of computation graphs:
    Debian/Ubuntu:  sudo apt-get install graphviz
    macOS:          brew install graphviz
    Fedora/RHEL:    sudo dnf install graphviz
  minigrad still works without it: it writes the graphs as .dot text instead of
  pictures, and the tests that need dot are skipped.
MSG
exit 0
