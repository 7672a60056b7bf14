#!/usr/bin/env bash
# Make sure a font with Hangul is installed, for the Korean labels of the plots.
#
# tools/make_docs_assets.py draws each tutorial plot twice: with English labels
# and with Korean ones (name.ko.png) for the Korean pages. The Korean labels need
# a font with Hangul (NanumGothic or Noto Sans CJK). Without one the Korean
# twins get English labels, so this script never fails the build: it installs
# a font when it can (as root, with the system's package manager) and otherwise
# explains what to do, then exits 0 either way. (The same pattern as ensure_dot.sh.)
set -u

has_korean_font() {
    if command -v fc-list >/dev/null 2>&1; then
        fc-list :lang=ko family 2>/dev/null | grep -q .
    else
        find /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts" \
            \( -name 'NanumGothic*.ttf' -o -name 'NotoSansCJK*' \) 2>/dev/null | grep -q .
    fi
}

if has_korean_font; then
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
    echo "ensure_korean_font: '$*' failed:" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    return 1
}

if [ "$(id -u)" = "0" ]; then
    echo "ensure_korean_font: no font with Hangul; installing one..." >&2
    if command -v apt-get >/dev/null 2>&1; then
        quietly apt-get update -qq &&
            quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-nanum
    elif command -v dnf >/dev/null 2>&1; then
        quietly dnf install -y -q google-noto-sans-cjk-fonts
    elif command -v yum >/dev/null 2>&1; then
        quietly yum install -y -q google-noto-sans-cjk-ttc-fonts
    elif command -v apk >/dev/null 2>&1; then
        quietly apk add --no-cache -q font-noto-cjk
    elif command -v pacman >/dev/null 2>&1; then
        quietly pacman -Sy --noconfirm --needed --quiet noto-fonts-cjk
    fi
    if has_korean_font; then
        echo "ensure_korean_font: installed a font with Hangul" >&2
        exit 0
    fi
fi

cat >&2 <<'MSG'
ensure_korean_font: no font with Hangul was found (and none could be installed here).
  Install one to get Korean labels on the plots of the Korean pages:
    Debian/Ubuntu:  sudo apt-get install fonts-nanum      (or fonts-noto-cjk)
    macOS:          brew install --cask font-nanum-gothic
    Fedora/RHEL:    sudo dnf install google-noto-sans-cjk-fonts
  Without it `make docs-assets` still works: the Korean plots get English labels.
MSG
exit 0
