# Sourced by releng scripts: picks a JDK 21 or newer (current Eclipse platform bundles need it).
# Order: JAVA_HOME, a Temurin under /usr/lib/jvm, any JDK under /usr/lib/jvm, java on PATH.

# The major version of a java executable: from its JDK's release file (starting a JVM to ask it costs 0.2-0.7 s of
# every launch on a busy 2-core machine), else from java -version.
java_major() {
  local release line
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) line="${line#JAVA_VERSION=}"; line="${line//\"/}"; echo "${line%%[.+-]*}"; return 0 ;;
      esac
    done <"$release"
  fi
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

find_java() {
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/temurin-*/bin/java /usr/lib/jvm/*/bin/java \
      "$(command -v java 2>/dev/null || true)"; do
    [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "perturber: no JDK 21 or newer found; install one (for example Temurin 25) or set JAVA_HOME" >&2
  return 1
}

# Sets JAVA_HOME to the chosen JDK and exports it.
use_java() {
  local java
  java="$(find_java)" || return 1
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java")")")"
  export JAVA_HOME
}
