# Sourced by releng scripts: picks a JDK 21 or newer (current Eclipse platform bundles need it).
# Order: JAVA_HOME, a Temurin under /usr/lib/jvm, any JDK under /usr/lib/jvm, java on PATH.
# Every launch runs this: it starts no process where it can help it (each costs 5-10 ms on the 2-core machine, and
# starting a JVM to ask its version 0.2-0.7 s).

# The major version of a java executable, in JAVA_MAJOR (and printed): from its JDK's release file, else from
# java -version.
java_major() {
  local release="${1%/bin/java}/release" line
  JAVA_MAJOR=""
  if [ "$release" != "$1/release" ] && [ -r "$release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) line="${line#JAVA_VERSION=}"; line="${line//\"/}"; JAVA_MAJOR="${line%%[.+-]*}"; break ;;
      esac
    done <"$release"
  fi
  if [ -z "$JAVA_MAJOR" ]; then
    JAVA_MAJOR="$("$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  fi
  echo "$JAVA_MAJOR"
}

# The first java executable of a JDK 21 or newer, in JAVA_FOUND (and printed).
find_java() {
  local candidate
  JAVA_FOUND=""
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/temurin-*/bin/java /usr/lib/jvm/*/bin/java \
      PATH; do
    if [ "$candidate" = PATH ]; then
      candidate="$(command -v java 2>/dev/null || true)"
    fi
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    java_major "$candidate" >/dev/null
    if [ -n "$JAVA_MAJOR" ] && [ "$JAVA_MAJOR" -ge 21 ]; then
      JAVA_FOUND="$candidate"
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
  find_java >/dev/null || return 1
  java="$JAVA_FOUND"
  if [ -L "$java" ] || [ "${java%/bin/java}" = "$java" ]; then
    java="$(readlink -f "$java")"
  fi
  JAVA_HOME="${java%/bin/java}"
  export JAVA_HOME
}
