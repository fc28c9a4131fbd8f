#!/usr/bin/env bash
# bash tools/dist_train.sh CONFIG NPROC [train.py arguments...]
source "$(dirname "$0")/launch.sh"
CONFIG=$1
GPUS=$2
dist_launch train.py "$GPUS" "$CONFIG" "${@:3}"
