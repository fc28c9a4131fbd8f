#!/usr/bin/env bash
# bash tools/slurm_test.sh PARTITION JOB_NAME CONFIG CHECKPOINT [test.py args]
source "$(dirname "$0")/launch.sh"
PARTITION=$1
JOB_NAME=$2
CONFIG=$3
CHECKPOINT=$4
slurm_launch "$PARTITION" "$JOB_NAME" test.py "$CONFIG" "$CHECKPOINT" "${@:5}"
