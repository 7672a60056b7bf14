# Shared by the tools/ensure_*.sh scripts (sourced, not run): install system packages
# with the machine's package manager, quietly, when we are root.
#
#   install_system_packages APT_NAMES -- DNF_NAMES -- APK_NAMES -- PACMAN_NAMES
#
# Each list may be "-" for "not packaged there". Returns non-zero when it could not
# install (not root, no known package manager, or the install failed); the caller
# then explains what to do by hand.

quietly() {
    # Run a command, showing its output only when it fails.
    local log
    log=$(mktemp)
    if "$@" >"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    echo "'$*' failed:" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    return 1
}

install_system_packages() {
    local apt="$1" dnf="$3" apk="$5" pacman="$7"
    [ "$(id -u)" = "0" ] || return 1
    if command -v apt-get >/dev/null 2>&1 && [ "$apt" != "-" ]; then
        quietly apt-get update -qq &&
            quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $apt
    elif command -v dnf >/dev/null 2>&1 && [ "$dnf" != "-" ]; then
        quietly dnf install -y -q $dnf
    elif command -v yum >/dev/null 2>&1 && [ "$dnf" != "-" ]; then
        quietly yum install -y -q $dnf
    elif command -v apk >/dev/null 2>&1 && [ "$apk" != "-" ]; then
        quietly apk add --no-cache -q $apk
    elif command -v pacman >/dev/null 2>&1 && [ "$pacman" != "-" ]; then
        quietly pacman -Sy --noconfirm --needed --quiet $pacman
    else
        return 1
    fi
    hash -r
}
