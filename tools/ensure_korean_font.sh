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

. "$(dirname "$0")/system_packages.sh"

if [ "$(id -u)" = "0" ]; then
    echo "ensure_korean_font: no font with Hangul; installing one..." >&2
    install_system_packages fonts-nanum -- google-noto-sans-cjk-fonts -- font-noto-cjk -- \
        noto-fonts-cjk
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
