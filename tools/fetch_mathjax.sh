#!/usr/bin/env bash
# Put MathJax 3 into book/_static/mathjax so the built book renders math with no network.
# Takes the `mathjax` package from the npm registry (npm pack: no install, no scripts run).
set -euo pipefail
VERSION="${MATHJAX_VERSION:-3.2.2}"
DEST="book/_static/mathjax"
if [ -f "$DEST/tex-chtml.js" ] && [ "$(cat "$DEST/VERSION" 2>/dev/null)" = "$VERSION" ]; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "mathjax@$VERSION" --silent >/dev/null && tar xzf "mathjax-$VERSION.tgz")
rm -rf "$DEST"
mkdir -p "$DEST/output/chtml/fonts" "$DEST/input/tex"
es5="$tmp/package/es5"
cp "$es5/tex-chtml.js" "$DEST/"
cp -r "$es5/output/chtml/fonts/woff-v2" "$DEST/output/chtml/fonts/"
cp -r "$es5/input/tex/extensions" "$DEST/input/tex/"
cp -r "$es5/ui" "$es5/a11y" "$DEST/"
cp "$tmp/package/LICENSE" "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
echo "MathJax $VERSION copied to $DEST"
