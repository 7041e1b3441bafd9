#!/usr/bin/env bash
# `paysim run --svg` drawn by rsvg-convert (librsvg, as browsers and image tools would): a PNG
# comes out, non-empty, of the size the SVG declares, and that size is the hold-expiry
# scenario's (update kWidth/kHeight when the drawing changes on purpose).
set -euo pipefail
bin="cli/paysim"
kWidth=1095
kHeight=349
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

if ! command -v rsvg-convert >/dev/null 2>&1; then
  echo "SKIPPED: rsvg-convert not found (Debian's librsvg2-bin; ./bazelw installs it)"
  exit 0
fi

"$bin" run --svg "$tmp/hold.svg" scenarios/hold_expires.textproto >/dev/null
[ -s "$tmp/hold.svg" ] || { echo "FAIL: no SVG"; exit 1; }
rsvg-convert -o "$tmp/hold.png" "$tmp/hold.svg"
[ -s "$tmp/hold.png" ] || { echo "FAIL: empty PNG"; exit 1; }

# PNG: 8-byte signature, then the IHDR chunk: length, "IHDR", width and height (big-endian).
[ "$(head -c 8 "$tmp/hold.png" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ] ||
  { echo "FAIL: not a PNG"; exit 1; }
be32() { od -An -tu1 -j "$1" -N 4 "$tmp/hold.png" | awk '{print (($1*256+$2)*256+$3)*256+$4}'; }
width=$(be32 16)
height=$(be32 20)
svg_size=$(sed -nE 's/^<svg [^>]*width="([0-9]+)" height="([0-9]+)".*/\1x\2/p' "$tmp/hold.svg")
[ "${width}x${height}" == "$svg_size" ] ||
  { echo "FAIL: PNG ${width}x${height}, SVG declares $svg_size"; exit 1; }
[ "${width}x${height}" == "${kWidth}x${kHeight}" ] ||
  { echo "FAIL: ${width}x${height}, expected ${kWidth}x${kHeight}"; exit 1; }

# Not a blank page: the PNG holds more than a flat white image would compress to.
[ "$(stat -c %s "$tmp/hold.png")" -gt 20000 ] || { echo "FAIL: PNG suspiciously small"; exit 1; }
echo "timeline png ok: ${width}x${height}"
