#!/usr/bin/env bash
# bash tools/dist_test.sh CONFIG CHECKPOINT NPROC [test.py arguments...]
source "$(dirname "$0")/launch.sh"
CONFIG=$1
CHECKPOINT=$2
GPUS=$3
dist_launch test.py "$GPUS" "$CONFIG" "$CHECKPOINT" "${@:4}"
