#!/bin/bash
# Build, sign, notarise and staple odesk.app and a .dmg on a Mac (see README.md in this folder).
#   ODESK_CODESIGN_IDENTITY="Developer ID Application: Example NHS Trust (TEAMID1234)" \
#   ODESK_NOTARY_PROFILE=odesk-notary  bash packaging/macos/build_macos.sh
# Without ODESK_CODESIGN_IDENTITY it makes an ad-hoc signed app for local testing only (Gatekeeper
# will refuse it on other Macs). Run from anywhere; needs the project environment (.venv).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
version=$(.venv/bin/python packaging/version.py)
arch=$(uname -m)
app=dist/odesk.app
dmg=dist/odesk-$version-macos-$arch.dmg

# 1. Bundle. With an identity, PyInstaller signs every binary and the app: hardened runtime
#    (--options runtime), secure timestamp, packaging/macos/entitlements.plist.
.venv/bin/python -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/odesk.spec

# 2. Check the signature as Gatekeeper will.
codesign --verify --deep --strict --verbose=2 "$app"
"$app/Contents/MacOS/odesk" --version

if [ -z "${ODESK_CODESIGN_IDENTITY:-}" ]; then
    echo "ad-hoc signed $app (set ODESK_CODESIGN_IDENTITY and ODESK_NOTARY_PROFILE to distribute)"
    exit 0
fi
codesign --display --verbose=2 "$app" 2>&1 | grep -q 'flags=.*runtime' || {
    echo "build_macos: $app is not signed with the hardened runtime" >&2
    exit 1
}

# 3. Disk image, signed.
rm -f "$dmg"
hdiutil create -volname "odesk $version" -srcfolder "$app" -ov -format UDZO "$dmg"
codesign --force --timestamp --sign "$ODESK_CODESIGN_IDENTITY" "$dmg"

# 4. Notarise (Apple scans the image and every binary in it) and wait for the verdict.
xcrun notarytool submit "$dmg" --keychain-profile "${ODESK_NOTARY_PROFILE:?set ODESK_NOTARY_PROFILE}" --wait

# 5. Staple the ticket so Gatekeeper accepts the app offline (laptops in family homes often are).
xcrun stapler staple "$app"
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type execute --verbose=2 "$app"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
echo "signed, notarised and stapled: $dmg"
