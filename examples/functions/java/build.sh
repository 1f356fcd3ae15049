#!/usr/bin/env bash
# Builds caesar.jar from src/ against the vertex-worker jar: javac, then jar with the services file.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
source "$root/scripts/lib/launch.sh"
worker_jar="$(udpgraph_jar vertex-worker)"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
javac --release 17 -cp "$worker_jar" -d "$build" $(find "$here/src" -name '*.java')
cp -r "$here/src/META-INF" "$build/"
mkdir -p "$here/target"
jar cf "$here/target/caesar.jar" -C "$build" .
echo "built $here/target/caesar.jar"
