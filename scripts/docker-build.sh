#!/usr/bin/env bash
# Build the profiler image with its versions as build arguments (the Dockerfile checks
# them against the package and the KB inside) and tag it profiler:<version>-kb<kb version>.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' profiler/__init__.py)
kb_version=$(sed -n 's/^version: "\(.*\)"$/\1/p' knowledgebase/manifest.yaml)
tag="profiler:${version}-kb${kb_version}"
docker build --build-arg PROFILER_VERSION="$version" --build-arg KB_VERSION="$kb_version" \
    -t "$tag" "$@" .
echo "$tag"
