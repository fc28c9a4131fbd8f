#!/usr/bin/env bash
# Create (or reuse) mmglm's pinned environment and link it as <repo>/.venv.
#
#   bash tools/setup_env.sh          # idempotent; seconds when the cache is warm
#
# The environment lives in ${MMGLM_CACHE:-~/.cache/mmglm}/venv-<hash of the
# requirement files>, so every clone on a machine shares it. mmcv 2.1.0 has no
# wheel on PyPI: it is built once from its sdist with compiled ops (C++20 flag for
# torch 2.14 headers, --no-build-isolation so torch is visible) and the wheel is
# cached in ${MMGLM_CACHE}/wheels.
#
# mmglm itself is installed in editable mode (`import mmglm` and `python -m`
# work from any folder). The environment is shared by every clone on the
# machine, so each run (re)points that editable install at the clone running
# the script (a few seconds, skipped when it already points here); tests and
# tools of a clone still put the clone first on sys.path (PYTHONPATH /
# sys.path.insert), so another clone's code is never imported by mistake.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${MMGLM_CACHE:-$HOME/.cache/mmglm}"
PY="${MMGLM_PYTHON:-python3.11}"
TORCH_PINS="torch==2.14.1 torchvision==0.29.1"
MMCV_VERSION=2.1.0
# Bump ENV_REV when this script changes what ends up in the environment.
ENV_REV=2
HASH=$( (echo "$ENV_REV $PY"; cat "$ROOT"/requirements/*.txt) | sha1sum | cut -c1-10)
VENV="$CACHE/venv-$HASH"
log() { echo "[setup_env $(date +%H:%M:%S)] $*"; }
mkdir -p "$CACHE/wheels"
# One builder at a time per cache (parallel clones wait here instead of
# deleting each other's half-built environment).
exec 9>"$CACHE/.lock"
flock 9

# Editable install of this clone (idempotent: skipped if already pointing here).
point_editable() {
  local url
  url=$(cd / && "$VENV/bin/python" -I -c "
import importlib.metadata as m, json
try:
    print(json.loads(m.distribution('mmglm').read_text('direct_url.json') or '{}').get('url', ''))
except m.PackageNotFoundError:
    print('')")
  if [ "$url" != "file://$ROOT" ]; then
    log "installing mmglm (editable) from $ROOT"
    "$VENV/bin/python" -m pip --disable-pip-version-check install -q --no-deps \
      --no-build-isolation -e "$ROOT"
  fi
}

if [ -f "$VENV/.complete" ]; then
  ln -sfn "$VENV" "$ROOT/.venv"
  point_editable
  log "reusing $VENV"
  exit 0
fi
command -v "$PY" >/dev/null || { echo "error: $PY not found; set MMGLM_PYTHON to a Python 3.11" >&2; exit 1; }
rm -rf "$VENV"
log "creating $VENV"
"$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
export PIP_CONSTRAINT="$CACHE/constraints.txt"
# setuptools>=82 has no pkg_resources, which mmengine, mmcv's setup.py and mim import.
printf 'setuptools>=77,<82\n' > "$PIP_CONSTRAINT"
"${PIP[@]}" install -q --upgrade pip 'setuptools>=77,<82' wheel
log "installing $TORCH_PINS"
"${PIP[@]}" install -q $TORCH_PINS
"${PIP[@]}" install -q -r "$ROOT/requirements/runtime.txt" --no-deps
"${PIP[@]}" install -q ninja

MMCV_WHL=$(ls "$CACHE"/wheels/mmcv-$MMCV_VERSION-*.whl 2>/dev/null | head -1 || true)
if [ -z "$MMCV_WHL" ]; then
  log "building mmcv $MMCV_VERSION with ops (about 12 minutes on 2 cores)"
  BUILD=$(mktemp -d)
  "${PIP[@]}" download -q --no-deps --no-binary :all: --no-build-isolation -d "$BUILD" "mmcv==$MMCV_VERSION"
  tar -xzf "$BUILD"/mmcv-$MMCV_VERSION.tar.gz -C "$BUILD"
  sed -i "s/'-std=c++17'/'-std=c++20'/g" "$BUILD/mmcv-$MMCV_VERSION/setup.py"
  (cd "$BUILD/mmcv-$MMCV_VERSION" && MMCV_WITH_OPS=1 MAX_JOBS="${MAX_JOBS:-$(nproc)}" \
     "${PIP[@]}" wheel -q --no-build-isolation --no-deps -w "$CACHE/wheels" .)
  rm -rf "$BUILD"
  MMCV_WHL=$(ls "$CACHE"/wheels/mmcv-$MMCV_VERSION-*.whl | head -1)
fi
log "installing $(basename "$MMCV_WHL")"
"${PIP[@]}" install -q "$MMCV_WHL"
# Now the dependencies of the OpenMMLab packages, resolved against the pins above.
"${PIP[@]}" install -q -r "$ROOT/requirements/runtime.txt" $TORCH_PINS "mmcv==$MMCV_VERSION" \
  -r "$ROOT/requirements/tests.txt"
"${PIP[@]}" install -q --no-deps openmim==0.3.9
"${PIP[@]}" install -q $(grep -v -e '^#' -e openmim "$ROOT/requirements/mim.txt")
# Optional tools (ONNX, Gradio, Grad-CAM, TensorBoard); grad-cam without its
# opencv-python-headless (see requirements/optional.txt).
"${PIP[@]}" install -q $(grep -v -e '^#' -e grad-cam "$ROOT/requirements/optional.txt") \
  $TORCH_PINS "mmcv==$MMCV_VERSION" -r "$ROOT/requirements/runtime.txt"
"${PIP[@]}" install -q --no-deps $(grep '^grad-cam' "$ROOT/requirements/optional.txt")
"$VENV/bin/python" - <<'PY'
import mmcv, mmdet, mmengine, mmpretrain, timm, torch
from mmcv.ops import nms  # noqa: F401  (compiled ops are present)
import pkg_resources  # noqa: F401  (setuptools < 82)
import gradio, onnx, onnxruntime, pytorch_grad_cam, tensorboard  # noqa: F401  (optional tools)
print('torch', torch.__version__, 'mmcv', mmcv.__version__, 'mmengine', mmengine.__version__,
      'mmpretrain', mmpretrain.__version__, 'mmdet', mmdet.__version__, 'timm', timm.__version__)
PY
touch "$VENV/.complete"
ln -sfn "$VENV" "$ROOT/.venv"
point_editable
log "ready: $ROOT/.venv -> $VENV"
