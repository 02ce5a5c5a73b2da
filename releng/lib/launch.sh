# shellcheck shell=bash
# The launcher's common part, sourced (with the caller's arguments) by releng/perturber, which runs this source tree's
# build or an installed copy named by PERTURBER_HOME, and by bin/perturber inside an installed copy (a product
# archive unpacked anywhere). The caller sets, before sourcing it:
#   LAUNCHED_AT         epoch milliseconds at the caller's first line (the start-up benchmark measures from there)
#   PERTURBER_INSTALL   the product folder (plugins/, configuration/, p2/, dropins/)
#   PERTURBER_LIB       the folder holding this file, java.sh and logging.properties
#   PERTURBER_SOURCE    the source tree when run from one (it can build the product and run bench startup), else ""
#   PERTURBER_MODELS_DEFAULT  the built-in models' folder unless PERTURBER_MODELS names another
# The product has no native launcher (it is not on Maven Central), so this picks a JDK 21+ and starts the Equinox
# launcher jar itself, with the VM arguments the product needs.

# shellcheck source=java.sh
. "$PERTURBER_LIB/java.sh"
PRODUCT="$PERTURBER_INSTALL"

# command | application id | what it does.
COMMANDS="contributions|org.perturber.headless.contributions|List every contribution to Perturber's extension points and whether it loads (exit 1 if any fails)
bench|org.perturber.bench.bench|Print benchmark figures as BENCH lines: bench <render|inference|inference-torch|sweep|featurevis|flip|corruptions|spark|loop|startup|all>
sweep|org.perturber.headless.sweep|Run a sweep to CSV, summary and plots; resumes a killed run: sweep SPEC, or sweep --session FILE --vary P.PARAM=FROM:TO:STEPS (sweep --help); on Apache Spark: sweep --spark MASTER SPEC (sweep --spark --help)
featurevis|org.perturber.headless.featurevis|Feature visualizations of a layer's channels, with their top renders, as one labelled PNG: featurevis MODEL LAYER [--channels 0-15] [--steps N] [--out FILE] (featurevis --help)
flip|org.perturber.headless.flip|The smallest change of each parameter that flips a model's top-1 class, per direction: flip MODEL [--object ID] [--stack FILE.json] [--parameters P.param,...] [--unstacked] [--joint] [--out FILE.csv] (flip --help)
train|org.perturber.training.train|Train the built-in models in models/ (train --help)
contact-sheet|org.perturber.headless.contactSheet|Render every built-in object into one labelled PNG: contact-sheet [FILE=objects.png] [TILE=192]
perturbation-sheet|org.perturber.headless.perturbationSheet|Render the default scene under one perturbation of each family: perturbation-sheet [FILE=perturbations.png] [TILE=160]
corruption-sheet|org.perturber.headless.corruptionSheet|Render the standard mug under every ImageNet-C corruption at severities 1-5 (at 96 x 96, enlarged) as one labelled PNG: corruption-sheet [FILE=imagenet-c-sheet.png] [TILE=192]
install|org.perturber.install.install|Install plugins from a p2 repository (a folder, a zip of one, a file: URL; never the network): install [--feature ID]... REPOSITORY
uninstall|org.perturber.install.install|Remove a plugin feature installed with install: uninstall FEATURE_ID
list-installed|org.perturber.install.install|List the features installed beyond the product (with install, p2's director or dropins/)"

usage() {
  cat <<EOF
Usage: ${PERTURBER_NAME:-perturber} [--rebuild] [COMMAND [ARGS...]]

With no command, opens the Perturber workbench (needs an X display; under CI use xvfb-run).
From the source tree, builds the product first when it is missing (a few minutes on the first run).

Headless commands:
EOF
  while IFS='|' read -r name _ what; do
    printf '  %-15s %s\n' "$name" "$what"
  done <<<"$COMMANDS"
  cat <<EOF

Options:
  --rebuild       build the product again before starting (source tree only)
  -h, --help      show this help

Environment:
  JAVA_HOME             a JDK 21 or newer (otherwise one is searched for under /usr/lib/jvm)
  PERTURBER_HOME        (releng/perturber) run the installed copy in this folder instead of the source tree's build
  PERTURBER_MODELS      the built-in models' folder (default: $PERTURBER_MODELS_DEFAULT)
  PERTURBER_WORKSPACE   where the workbench keeps its state (default: ~/.perturber/workspace)
  PERTURBER_CONFIGURATION  Equinox's configuration area, with the class-data archives (default: the product's)
  PERTURBER_CDS         off: no class-data sharing archive (see below)
  PERTURBER_VMARGS      extra JVM arguments

Plugins: drop a plugin jar (or a folder with plugins/ and features/) into $PRODUCT/dropins
and start again; or install a p2 repository with the install command (Help > Install plugins... in the workbench).

Each command's first start of a build writes a class-data sharing archive of the classes it loaded when it exits
(a few seconds, once); later starts map it instead of loading those classes again.
EOF
}

rebuild=false
case "${1:-}" in
  -h|--help|help) usage; exit 0 ;;
  --rebuild) rebuild=true; shift ;;
esac

use_java
JAVA="$JAVA_HOME/bin/java"

launchers=("$PRODUCT"/plugins/org.eclipse.equinox.launcher_*.jar)
if $rebuild || [ ! -f "${launchers[0]}" ]; then
  if [ -z "$PERTURBER_SOURCE" ]; then
    echo "perturber: no Perturber product in $PRODUCT (no plugins/org.eclipse.equinox.launcher_*.jar)" >&2
    exit 2
  fi
  echo "perturber: building the product (tests skipped; the first build downloads dependencies)..." >&2
  (cd "$PERTURBER_SOURCE" && ./mvnw -B -q -DskipTests clean verify) >&2
  launchers=("$PRODUCT"/plugins/org.eclipse.equinox.launcher_*.jar)
fi

# libtorch 2.7.1's oneDNN dies with SIGFPE (in brgemm_convolution_bwd_utils::est_eff_1x1) when it takes ResNet-50's
# input gradient on our AVX-512 AMD EPYC machines, taking the JVM with it; its AVX kernels do not. A user's own
# setting wins (ONEDNN_MAX_CPU_ISA=ALL lifts the cap). The same is set for the tests (pom.xml).
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX}"
# MXNet's MKL build uses Intel OpenMP, whose threads spin for 200 ms after each parallel region, taking both cores
# from whatever Java does between two forward passes (rendering, feature visualization's FFTs). Measured with
# `bench featurevis`: a batched channel cost 1.78x the floor's share with spinning, 1.40x without; the floor, bench
# inference and the sweeps did not get slower. A user's own setting wins.
export KMP_BLOCKTIME="${KMP_BLOCKTIME:-0}"
# libtorch warns "Could not initialize NNPACK" on every gradient pass on CPUs NNPACK does not know
export TORCH_CPP_LOG_LEVEL="${TORCH_CPP_LOG_LEVEL:-ERROR}"

APP_ARGS=()
cds_name=workbench
workbench=true
if [ $# -gt 0 ]; then
  command_name="$1"; shift
  app_id=""
  while IFS='|' read -r name id _; do
    [ "$name" = "$command_name" ] && app_id="$id"
  done <<<"$COMMANDS"
  if [ -z "$app_id" ]; then
    echo "perturber: unknown command '$command_name'" >&2
    usage >&2
    exit 2
  fi
  cds_name="$command_name"
  workbench=false
  # the loop and start-up benchmarks drive the real workbench: they need a display (a virtual one when there is none)
  if [ "$command_name" = bench ] && { [ "${1:-}" = loop ] || [ "${1:-}" = startup ]; }; then
    if [ -z "${DISPLAY:-}" ]; then
      exec xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "$0" bench "$@"  # -noreset: see releng/test
    fi
    if [ "$1" = startup ]; then
      shift
      if [ -z "$PERTURBER_SOURCE" ]; then
        echo "perturber: bench startup runs from the source tree (releng/perturber bench startup)" >&2
        exit 2
      fi
      exec "$PERTURBER_SOURCE/releng/lib/bench-startup" "$@"
    fi
    shift
    app_id=org.perturber.bench.loop
    cds_name=bench-loop
    workbench=true
  fi
  # the start-up benchmark's floor: an application that only says when it started
  if [ "$command_name" = bench ] && [ "${1:-}" = started ]; then
    shift
    app_id=org.perturber.bench.started
    cds_name=bench-started
    workbench=true
  fi
  APP_ARGS=(-application "$app_id" -nosplash)
  # one application behind install, uninstall and list-installed: it is told which
  if [ "$app_id" = org.perturber.install.install ]; then
    set -- "$command_name" "$@"
  fi
  # headless: render without an X server through Mesa's EGL surfaceless platform
  if [ -z "${DISPLAY:-}" ]; then
    export EGL_PLATFORM=surfaceless
  fi
elif [ -z "${DISPLAY:-}" ]; then
  echo "perturber: the workbench needs an X display (DISPLAY is not set); try: xvfb-run -a releng/perturber" >&2
  exit 2
fi

WORKSPACE="${PERTURBER_WORKSPACE:-$HOME/.perturber/workspace}"
CONFIGURATION="${PERTURBER_CONFIGURATION:-$PRODUCT/configuration}"
[ -d "$WORKSPACE" ] || mkdir -p "$WORKSPACE"
LAUNCHER="${launchers[0]}"

# Class-data sharing: the JVM maps the classes a command loaded at its last start (the JDK's, Equinox's bundles')
# from an archive instead of reading, parsing and verifying them again. The first start of a build (of the launcher
# jar, of the JDK) writes the archive when it exits: to a temporary file renamed into place, so that two first
# starts never leave a half-written archive.
CDS_ARGS=()
archive=""
if [ "${PERTURBER_CDS:-on}" != off ]; then
  jdk=""
  if [ -r "$JAVA_HOME/release" ]; then
    while IFS= read -r line; do
      case "$line" in JAVA_RUNTIME_VERSION=*) jdk="${line#JAVA_RUNTIME_VERSION=}"; jdk="${jdk//\"/}" ;; esac
    done <"$JAVA_HOME/release"
  fi
  archive="$CONFIGURATION/cds/$cds_name-${jdk:-jdk}.jsa"
  if [ -f "$archive" ] && { [ "$LAUNCHER" -nt "$archive" ] || [ "$JAVA" -nt "$archive" ]; }; then
    rm -f "$archive"
  fi
  if [ -f "$archive" ]; then
    CDS_ARGS=("-XX:SharedArchiveFile=$archive")
    archive=""
  elif { [ -d "$CONFIGURATION/cds" ] || mkdir -p "$CONFIGURATION/cds" 2>/dev/null; } && [ -w "$CONFIGURATION/cds" ]; then
    CDS_ARGS=("-XX:ArchiveClassesAtExit=$archive.$$")
  else
    archive=""
  fi
  # the archive's own messages (classes it cannot hold, such as those of signed jars) are not the user's concern
  CDS_ARGS+=("-Xlog:cds*=off,aot*=off")
fi

# DJL logs through slf4j-simple: warnings and errors only; DJL's CUDA probe warns on every start of a machine with
# no NVIDIA driver (the status bar says which device runs), so it speaks only on errors
LOGGING=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error
  "-Djava.util.logging.config.file=$PERTURBER_LIB/logging.properties")
# The workbench's JVM (and that of the benchmarks that open it, and of their floor):
# - C1 only: on 2 cores, the JIT compilers took 4.2 s of a start's 11 s of CPU (C2 2.7 s) away from it; the live
#   loop's work is mostly native (Mesa, MXNet), and bench loop measured it no slower with C1 alone
# - under X the renderer runs on GLX: JOGL need not probe OpenGL ES through EGL as well at its start
WORKBENCH_ARGS=()
if $workbench; then
  WORKBENCH_ARGS=(-XX:TieredStopAtLevel=1)
  if [[ " ${PERTURBER_VMARGS:-} " != *" -Dperturber.render.platform=egl "* ]]; then
    WORKBENCH_ARGS+=(-Djogl.disable.opengles=true)
  fi
fi
if [ -n "$PERTURBER_SOURCE" ]; then
  PERTURBER_ROOT="$PERTURBER_SOURCE"; SWEEPS="$PERTURBER_SOURCE/releng/sweeps"
else
  PERTURBER_ROOT="$PERTURBER_INSTALL"; SWEEPS="$PWD"
fi
JAVA_ARGS=(-Djava.awt.headless=true -Dai.djl.offline=true -Dperturber.root="$PERTURBER_ROOT"
  -Dperturber.models="${PERTURBER_MODELS:-$PERTURBER_MODELS_DEFAULT}" -Dperturber.sweeps="$SWEEPS"
  -Dperturber.launchedAt="$LAUNCHED_AT" "${LOGGING[@]}" "${CDS_ARGS[@]}" "${WORKBENCH_ARGS[@]}")
# sweep --spark and bench spark: Spark's driver, a plain JVM with Spark's jars (releng/org.perturber.spark) that
# starts this product's own Equinox inside itself (README, "Sweeps on Apache Spark"); Spark's jars never enter the
# product. From the source tree the driver is built on first use; an installed copy names it by PERTURBER_SPARK.
spark_main=""
if [ "${command_name:-}" = sweep ]; then
  for arg in "$@"; do [ "$arg" = --spark ] && spark_main=org.perturber.spark.SparkSweep; done
elif [ "${command_name:-}" = bench ] && [ "${1:-}" = spark ]; then
  shift
  spark_main=org.perturber.spark.SparkBenchmark
fi
if [ -n "$spark_main" ]; then
  if [ -n "${PERTURBER_SPARK:-}" ]; then
    SPARK_APP="$PERTURBER_SPARK"
  elif [ -n "$PERTURBER_SOURCE" ]; then
    SPARK_APP="$PERTURBER_SOURCE/releng/org.perturber.spark/target"
    if [ ! -f "$SPARK_APP/perturber-spark.jar" ] || [ ! -d "$SPARK_APP/spark-jars" ]; then
      echo "perturber: building the Spark driver (releng/lib/spark-build; the first build downloads Spark)..." >&2
      "$PERTURBER_SOURCE/releng/lib/spark-build" -q -DskipTests package >&2
    fi
  else
    echo "perturber: sweeps on Spark need the Spark driver: set PERTURBER_SPARK to a folder holding"\
      "perturber-spark.jar and spark-jars/ (built by releng/lib/spark-build), or use spark-submit (README)" >&2
    exit 2
  fi
  # Spark's own module options (what spark-submit gives a driver), then what the product's JVM gets; JDK 24+ warns
  # on every start that Spark's memory access through sun.misc.Unsafe will go, unless allowed
  SPARK_JVM=(@"$PERTURBER_LIB/spark-jvm-options")
  java_version=""
  if [ -r "$JAVA_HOME/release" ]; then
    while IFS= read -r line; do
      case "$line" in JAVA_VERSION=*) java_version="${line#JAVA_VERSION=}"; java_version="${java_version//\"/}" ;; esac
    done <"$JAVA_HOME/release"
  fi
  [ "${java_version%%.*}" -ge 24 ] 2>/dev/null && SPARK_JVM+=(--sun-misc-unsafe-memory-access=allow)
  # shellcheck disable=SC2086
  exec "$JAVA" "${SPARK_JVM[@]}" -Djava.awt.headless=true -Dai.djl.offline=true \
    -Dperturber.root="$PERTURBER_ROOT" -Dperturber.models="${PERTURBER_MODELS:-$PERTURBER_MODELS_DEFAULT}" \
    -Dperturber.sweeps="$SWEEPS" -Dperturber.install="$PRODUCT" -Dperturber.sparkLog="$WORKSPACE/spark-driver.log" \
    "${LOGGING[@]}" ${PERTURBER_VMARGS:-} \
    -cp "$SPARK_APP/perturber-spark.jar:$SPARK_APP/spark-jars/*" "$spark_main" "$@"
fi
PROGRAM_ARGS=(-consoleLog -configuration "$CONFIGURATION" -data "$WORKSPACE" "${APP_ARGS[@]}" "$@")
if [ -z "$archive" ]; then
  # shellcheck disable=SC2086
  exec "$JAVA" "${JAVA_ARGS[@]}" ${PERTURBER_VMARGS:-} -jar "$LAUNCHER" "${PROGRAM_ARGS[@]}"
fi
# this start writes the archive: wait for the JVM to write it at exit, then move it into place
trap 'rm -f "$archive.$$"' EXIT
status=0
# shellcheck disable=SC2086
"$JAVA" "${JAVA_ARGS[@]}" ${PERTURBER_VMARGS:-} -jar "$LAUNCHER" "${PROGRAM_ARGS[@]}" || status=$?
if [ "$status" -eq 0 ] && [ -s "$archive.$$" ]; then
  mv -f "$archive.$$" "$archive"
fi
exit "$status"
