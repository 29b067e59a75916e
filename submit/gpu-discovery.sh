#!/usr/bin/env bash
# Spark GPU discovery script: prints the NVIDIA GPUs of this host as Spark's resource JSON,
# e.g. {"name":"gpu","addresses":["0","1"]}. Give it to Workers with
# spark.worker.resource.gpu.discoveryScript (submit/local-cluster --gpu-script, or spark-defaults.conf).
set -Eeuo pipefail
trap 'rc=$?; echo "$(basename "$0"): line $LINENO: \"$BASH_COMMAND\" failed with status $rc" >&2' ERR
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery.sh: nvidia-smi not found: this host has no NVIDIA driver" >&2
  exit 1
fi
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, - | sed 's/,/","/g')
echo "{\"name\":\"gpu\",\"addresses\":[\"$ids\"]}"
