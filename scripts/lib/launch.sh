# Shared by the launchers in scripts/: find the shaded jar of a module, build it first when it is
# missing or older than any source it is built from, then run it. Sourced, not executed.
set -euo pipefail

UDPGRAPH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The modules each runnable module is built from (its own sources and those it depends on).
udpgraph_sources() {
  case "$1" in
    mq-server) echo "protocol runtime mq-server" ;;
    vertex-worker) echo "protocol runtime vertex-worker" ;;
    router) echo "protocol runtime router" ;;
    connector) echo "protocol runtime connector" ;;
    topology) echo "protocol runtime mq-server vertex-worker router connector topology" ;;
    bench) echo "protocol runtime mq-server vertex-worker router connector bench" ;;
    *) echo "$1" ;;
  esac
}

# Prints why the module's jar must be built ("missing", "older than its sources"), or nothing.
udpgraph_stale() {
  local module="$1" jar="$2" m
  if [[ ! -f "$jar" ]]; then
    echo "missing"
    return
  fi
  for m in $(udpgraph_sources "$module"); do
    if [[ -n "$(find "$UDPGRAPH_HOME/$m/src/main" "$UDPGRAPH_HOME/$m/pom.xml" "$UDPGRAPH_HOME/pom.xml" \
                 -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
      echo "older than its sources"
      return
    fi
  done
}

udpgraph_jar() {
  local module="$1"
  local jar="$UDPGRAPH_HOME/$module/target/$module-0.1.0-SNAPSHOT-all.jar"
  if [[ -n "$(udpgraph_stale "$module" "$jar")" ]]; then
    command -v mvn >/dev/null || { echo "udpgraph: Maven (mvn) is needed to build $module; install it and retry" >&2; exit 1; }
    # One build at a time: launchers started together must not build into the same folders.
    exec 9>"$UDPGRAPH_HOME/.build.lock"
    flock 9
    local stale
    stale="$(udpgraph_stale "$module" "$jar")"
    if [[ -n "$stale" ]]; then
      echo "udpgraph: building $module ($stale)…" >&2
      # Maven prints bare colour resets even in batch mode; keep them off the user's terminal.
      (cd "$UDPGRAPH_HOME" && mvn -q -B -Dstyle.color=never -pl "$module" -am package -DskipTests 2>&1 \
        | sed 's/\x1b\[[0-9;]*m//g' >&2) || {
        echo "udpgraph: the build of $module failed; run 'mvn -pl $module -am package' to see why" >&2
        exit 1
      }
    fi
    flock -u 9
    exec 9>&-
  fi
  echo "$jar"
}

# udpgraph_run MODULE MAIN_CLASS ARGS…: runs a main class from the module's shaded jar.
udpgraph_run() {
  local module="$1" main="$2"
  shift 2
  local jar
  jar="$(udpgraph_jar "$module")"
  # Long-running nodes want the optimising compiler; a one-shot client wants a quick start. A small
  # initial heap (-Xms8m) keeps an idle node and a full one small: message bodies live off the heap, and
  # the default initial heap (1/64 of RAM) lets the young generation touch tens of MB before its first
  # collection. The heap still grows to the default maximum, which also bounds the off-heap bodies
  # (-XX:MaxDirectMemorySize follows -Xmx). TrimNativeHeapInterval gives the C heap's freed memory (the JIT's
  # start-up arenas, the log's replay) back to the OS every second; a JDK 17 older than 17.0.9 does not know it
  # and ignores it. docs/PERFORMANCE.md has the measurements.
  local defaults="-XX:+UseSerialGC -Xss512k -Xms8m -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=1000"
  if [[ "${UDPGRAPH_QUICK_START:-}" == 1 ]]; then
    defaults="$defaults -XX:TieredStopAtLevel=1 -Xshare:auto"
  fi
  # shellcheck disable=SC2086
  # A node that runs out of memory must exit, never stay up deaf, so a supervisor restarts it.
  exec java -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-$defaults} -cp "$jar" "$main" "$@"
}
