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

quietly() {
    # Run a command, showing its output only when it fails.
    local log
    log=$(mktemp)
    if "$@" >"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    echo "ensure_dot: '$*' failed:" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    return 1
}

if [ "$(id -u)" = "0" ]; then
    echo "ensure_dot: Graphviz's dot is missing; installing the graphviz package..." >&2
    if command -v apt-get >/dev/null 2>&1; then
        quietly apt-get update -qq &&
            quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz
    elif command -v dnf >/dev/null 2>&1; then
        quietly dnf install -y -q graphviz
    elif command -v yum >/dev/null 2>&1; then
        quietly yum install -y -q graphviz
    elif command -v apk >/dev/null 2>&1; then
        quietly apk add --no-cache -q graphviz
    elif command -v pacman >/dev/null 2>&1; then
        quietly pacman -Sy --noconfirm --needed --quiet graphviz
    fi
    hash -r
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
