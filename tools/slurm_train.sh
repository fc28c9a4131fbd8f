#!/usr/bin/env bash
# bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR [train.py args]
source "$(dirname "$0")/launch.sh"
PARTITION=$1
JOB_NAME=$2
CONFIG=$3
WORK_DIR=$4
slurm_launch "$PARTITION" "$JOB_NAME" train.py "$CONFIG" \
  --work-dir="$WORK_DIR" "${@:5}"
