#!/bin/sh
# Install this odesk bundle system-wide (run as root from the unpacked bundle folder):
#   sudo ./install.sh [--prefix /opt/odesk] [--share /usr/local/share] [--bin /usr/local/bin]
# Copies the bundle to PREFIX, links BIN/odesk to it, and installs the desktop entry and icons.
set -eu
prefix=/opt/odesk
share=/usr/local/share
bin=/usr/local/bin
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --share) share=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$here/odesk" ] || { echo "install.sh: run me from the unpacked odesk bundle" >&2; exit 1; }

if [ "$here" != "$prefix" ]; then
    rm -rf "$prefix.new"
    mkdir -p "$(dirname "$prefix")"
    cp -a "$here" "$prefix.new"
    # Swap in the new version in one step so a running copy is never half-replaced.
    if [ -e "$prefix" ]; then mv "$prefix" "$prefix.old"; fi
    mv "$prefix.new" "$prefix"
    rm -rf "$prefix.old"
fi
mkdir -p "$bin" "$share/applications" "$share/icons"
ln -sf "$prefix/odesk" "$bin/odesk"
cp "$prefix/share/applications/odesk.desktop" "$share/applications/odesk.desktop"
cp -R "$prefix/share/icons/hicolor" "$share/icons/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "odesk $("$prefix/odesk" --version 2>/dev/null | awk '{print $NF}') installed in $prefix"
