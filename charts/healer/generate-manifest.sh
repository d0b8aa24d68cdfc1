#!/usr/bin/env bash
# Writes healer-daemon/deploy/healer.yaml, the plain manifest, from this chart: `helm template` with
# the chart's default values, release healer in kube-system, under a short header. The manifest is
# never edited by hand; change the chart and run this (ManifestFromChartTest fails while they differ).
#
#   charts/healer/generate-manifest.sh
#
# Helm is the pinned one of integration/helm/build.sh (built on first use, cached after).
set -euo pipefail
chart=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$chart/../.." && pwd)
helm="$(bash "$root/integration/helm/build.sh")/helm"
out="$root/healer-daemon/deploy/healer.yaml"
# Helm's own folders in a scratch place: rendering a local chart needs no repository or plugin.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
rendered=$(HELM_CACHE_HOME="$scratch/cache" HELM_CONFIG_HOME="$scratch/config" HELM_DATA_HOME="$scratch/data" \
  "$helm" template healer "$chart" --namespace kube-system)
{
  echo "# healer in place of magnum-auto-healer: same config.yaml, same namespace, least privilege."
  echo "# Generated from charts/healer by charts/healer/generate-manifest.sh (helm template, default values):"
  echo "# do not edit; change the chart and run the script. kubectl apply -f healer.yaml, after filling in the"
  echo "# \${...} placeholders (the OpenStack password goes into the Secret's clouds.yaml, never into the"
  echo "# ConfigMap; see charts/healer/README.md)."
  echo "$rendered"
} > "$out"
echo "wrote $out" >&2
