#!/usr/bin/env bash
# Make sure Chromium and its WebDriver are installed, for the tests that open the
# docs site and the backprop stepper page in a real browser (tests/test_browser.py).
#
# Like ensure_dot.sh, this never fails the build: it installs the browser when it
# can (as root, with the system's package manager) and otherwise explains what to
# do, then exits 0. Without a browser those tests are skipped, except under
# MINIGRAD_REQUIRE_BROWSER=1 (CI), where a missing browser is an error.
set -u

have_browser() {
    command -v chromedriver >/dev/null 2>&1 &&
        { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
}

if have_browser; then
    exit 0
fi

. "$(dirname "$0")/system_packages.sh"

if [ "$(id -u)" = "0" ]; then
    echo "ensure_chromium: Chromium is missing; installing it (a minute or two)..." >&2
    install_system_packages "chromium chromium-driver" -- "chromium chromedriver" -- \
        "chromium chromium-chromedriver" -- "chromium"
    if have_browser; then
        echo "ensure_chromium: installed $(chromium --version 2>/dev/null)" >&2
        exit 0
    fi
fi

cat >&2 <<'MSG'
ensure_chromium: Chromium and chromedriver were not found (and could not be installed here).
  The browser tests of the docs site and the stepper page need them:
    Debian/Ubuntu:  sudo apt-get install chromium chromium-driver
    Fedora/RHEL:    sudo dnf install chromium chromedriver
  Everything else works without them; those tests are skipped.
MSG
exit 0
