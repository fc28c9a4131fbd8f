#!/usr/bin/env bash
# Screenshot of the Gradio demo in a real headless Chromium (docs/app_screenshot.png).
#
#   bash tools/visualization/app_screenshot.sh [IMAGE] [OUT.png]
#
# Starts tools/visualization/app.py on 127.0.0.1 with IMAGE preloaded (its
# prediction shows on page load), waits for it, and lets Chromium render the
# page (no network besides 127.0.0.1, no profile, no GPU). Needs `chromium`
# (apt-get install chromium) and the demo checkpoint (make demo).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMG="${1:-$ROOT/../shared/data/intel_mini/val/forest/$(ls "$ROOT/../shared/data/intel_mini/val/forest" | head -1)}"
OUT="${2:-$ROOT/docs/app_screenshot.png}"
PORT="${PORT:-7861}"
export GRADIO_ANALYTICS_ENABLED=False
"$ROOT/.venv/bin/python" "$ROOT/tools/visualization/app.py" --preload "$IMG" --port "$PORT" &
APP=$!
trap 'kill $APP' EXIT
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break
  sleep 1
done
PROFILE=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$PROFILE" \
  --virtual-time-budget=60000 --window-size=1280,1000 --screenshot="$OUT" \
  "http://127.0.0.1:$PORT/"
rm -rf "$PROFILE"
echo "screenshot: $OUT"
