# Shared by the scripts in submit/: the project root, a Java 17 runtime, the build, class paths.
# Sourced, not run.

MODNAS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODNAS_TARGET="$MODNAS_ROOT/modnas-spark/target"

# Spark's JavaModuleOptions: any JVM that runs a Spark driver needs them on Java 17
MODNAS_SPARK_OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)

# glibc makes up to eight malloc arenas per core, and each keeps the peak of the tensors a candidate
# freed in it: as many arenas as cores keep an executor's memory flat (set MALLOC_ARENA_MAX to change)
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$(nproc 2>/dev/null || echo 2)}

# The JVM's heap bound, unless MODNAS_JAVA_OPTS sets one: a quarter of the machine's memory, at least
# 1 GB and at most 4 GB (the data sets and the driver's state live there; tensors are native memory).
modnas_heap_opts() {
  case " ${MODNAS_JAVA_OPTS:-} " in *" -Xmx"*|*" -XX:MaxRAM"*) return 0 ;; esac
  local kb mb
  kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
  mb=$(( kb / 4096 ))
  [ "$mb" -ge 1024 ] || mb=1024
  [ "$mb" -le 4096 ] || mb=4096
  echo "-Xmx${mb}m"
}

# quiet defaults for the command line; set LOG4J_CONFIGURATION_FILE or TORCH_CPP_LOG_LEVEL to change them
MODNAS_LOG_OPTS=(-Dlog4j2.configurationFile="${LOG4J_CONFIGURATION_FILE:-$MODNAS_ROOT/submit/conf/log4j2.properties}")
export TORCH_CPP_LOG_LEVEL=${TORCH_CPP_LOG_LEVEL:-ERROR}

modnas_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Under `set -e` a failing command ends a script silently; this names the command and its line instead.
modnas_on_error() {
  echo "$(basename "$0"): line $1: \"$2\" failed with status $3" >&2
}
set -E
trap 'modnas_on_error "$LINENO" "$BASH_COMMAND" "$?"' ERR

# Prints the path of a Java 17 runtime, or fails: Spark 4.0.1 does not run on newer Javas.
modnas_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=("$(command -v java 2>/dev/null || true)")
  for d in /usr/lib/jvm/java-17* /usr/lib/jvm/temurin-17*; do
    [ -x "$d/bin/java" ] && candidates+=("$d/bin/java")
  done
  for j in "${candidates[@]}"; do
    [ -n "$j" ] && [ -x "$j" ] || continue
    if [ "$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')" = "17" ]; then
      echo "$j"
      return 0
    fi
  done
  modnas_die "needs a Java 17 runtime (Spark 4.0.1 does not run on newer Javas); install openjdk-17-jdk or set JAVA_HOME to a JDK 17"
}

# Prints the modnas-spark application jar, or nothing when the project is not built yet.
modnas_app_jar() {
  local j
  for j in "$MODNAS_TARGET"/modnas-spark-*.jar; do
    case "$j" in *-sources.jar|*-tests.jar) continue ;; esac
    [ -f "$j" ] && { echo "$j"; return 0; }
  done
  return 0
}

# Builds the project when its jars are missing or a source is newer than them. The package phase
# rewrites the modnas-spark jar every time (forceCreation), so after any `mvn package` or `mvn verify`
# the jar is newer than every source it was built from and nothing is rebuilt. MODNAS_NO_BUILD=1 never
# builds (for callers that have just packaged, such as the integration tests): missing jars fail.
modnas_ensure_built() {
  local java=$1 jar newer
  jar=$(modnas_app_jar)
  if [ -n "$jar" ] && [ -f "$MODNAS_TARGET/classpath.txt" ] && [ -f "$MODNAS_TARGET/spark-classpath.txt" ]; then
    [ "${MODNAS_NO_BUILD:-0}" = 1 ] && { modnas_check_native; return 0; }
    newer=$(find "$MODNAS_ROOT/pom.xml" "$MODNAS_ROOT"/modnas-*/pom.xml "$MODNAS_ROOT"/modnas-*/src/main \
      -type f -newer "$jar" -print -quit 2>/dev/null || true)
    [ -z "$newer" ] && { modnas_check_native; return 0; }
    echo "$(basename "$0"): $newer is newer than $jar" >&2
  elif [ "${MODNAS_NO_BUILD:-0}" = 1 ]; then
    modnas_die "the project is not built (no modnas-spark jar and class path files in $MODNAS_TARGET) and MODNAS_NO_BUILD=1"
  fi
  command -v mvn >/dev/null 2>&1 || modnas_die "the project is not built and Maven (mvn) is not installed (apt-get install maven)"
  echo "$(basename "$0"): building the project with Maven (first use or sources changed; a few minutes) ..." >&2
  if ! JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java")")") mvn -B -q -f "$MODNAS_ROOT/pom.xml" -DskipTests package >&2; then
    echo "$(basename "$0"): the build failed (the Maven output above says why)" >&2
    exit 1
  fi
  [ -n "$(modnas_app_jar)" ] || { echo "$(basename "$0"): the build left no modnas-spark jar in $MODNAS_TARGET" >&2; exit 1; }
  echo "$(basename "$0"): built" >&2
  modnas_check_native
}

# Refuses a MODNAS_PYTORCH_NATIVE_JAR that is not a DJL PyTorch native jar.
modnas_check_native() {
  [ -n "${MODNAS_PYTORCH_NATIVE_JAR:-}" ] || return 0
  [ -f "$MODNAS_PYTORCH_NATIVE_JAR" ] || modnas_die "MODNAS_PYTORCH_NATIVE_JAR=$MODNAS_PYTORCH_NATIVE_JAR is not a file"
  case "$(basename "$MODNAS_PYTORCH_NATIVE_JAR")" in
    pytorch-native-*.jar) ;;
    *) modnas_die "MODNAS_PYTORCH_NATIVE_JAR=$MODNAS_PYTORCH_NATIVE_JAR is not a DJL PyTorch native jar (pytorch-native-<flavour>-<version>-<platform>.jar)" ;;
  esac
}

# The application's runtime jars without the application jar itself (DJL, config, ...), ':'-separated.
# MODNAS_PYTORCH_NATIVE_JAR selects another flavour of DJL's PyTorch native library (a CUDA build,
# pytorch-native-cu*.jar, matching the bundled pytorch-jni) in place of the bundled CPU one.
modnas_dependency_classpath() {
  local cp
  cp=$(cat "$MODNAS_TARGET/classpath.txt")
  if [ -n "${MODNAS_PYTORCH_NATIVE_JAR:-}" ]; then
    local out="" IFS=':' j
    for j in $cp; do
      case "$(basename "$j")" in pytorch-native-cpu-*.jar) j=$MODNAS_PYTORCH_NATIVE_JAR ;; esac
      out=${out:+$out:}$j
    done
    cp=$out
  fi
  echo "$cp"
}

# The application's own runtime jars (the project's modules, DJL, config, ...), ':'-separated.
modnas_app_classpath() {
  echo "$(modnas_app_jar):$(modnas_dependency_classpath)"
}

# Spark's runtime jars, ':'-separated.
modnas_spark_classpath() {
  cat "$MODNAS_TARGET/spark-classpath.txt"
}

# A SPARK_HOME whose jars/ folder links Spark's runtime jars: what a standalone Worker needs to
# launch executors. Prints its path.
modnas_spark_home() {
  local home="$MODNAS_TARGET/spark-home"
  if [ ! -f "$home/.complete" ] || [ "$MODNAS_TARGET/spark-classpath.txt" -nt "$home/.complete" ]; then
    rm -rf "$home"
    mkdir -p "$home/jars" "$home/conf"
    local IFS=':'
    for j in $(modnas_spark_classpath); do
      ln -sf "$j" "$home/jars/$(basename "$j")"
    done
    touch "$home/.complete"
  fi
  echo "$home"
}
