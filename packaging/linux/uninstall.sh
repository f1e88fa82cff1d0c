#!/bin/sh
# Remove a system-wide odesk install made by install.sh (same options). Users' encrypted stores in
# their home folders (~/.local/share/odesk) are left alone: delete them only after they have synced.
set -eu
prefix=/opt/odesk
share=/usr/local/share
bin=/usr/local/bin
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --share) share=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        *) echo "uninstall.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -L "$bin/odesk" ] && rm -f "$bin/odesk"
rm -f "$share/applications/odesk.desktop"
find "$share/icons/hicolor" -path '*/apps/odesk.*' -delete 2>/dev/null || true
rm -rf "$prefix"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "odesk removed from $prefix"
