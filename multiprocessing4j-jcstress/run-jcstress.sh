#!/bin/sh
# Runs the jcstress jar and fails when a test failed or erred: jcstress itself exits 0 either way.
# Usage: run-jcstress.sh <java> <jcstress.jar> <results dir> <jcstress arguments...>
java="$1"; jar="$2"; results="$3"; shift 3
mkdir -p "$results"
log="$results/console.txt"
"$java" --enable-native-access=ALL-UNNAMED -jar "$jar" "$@" -jvmArgsPrepend --enable-native-access=ALL-UNNAMED \
    -r "$results" >"$log" 2>&1
status=$?
sed -n '/RUN RESULTS:/,$p' "$log"
if [ "$status" -ne 0 ]; then
  echo "jcstress exited with status $status; the whole output is in $log" >&2
  exit "$status"
fi
if ! grep -q "Failed tests: No matches." "$log" || ! grep -q "Error tests: No matches." "$log"; then
  echo "jcstress found forbidden outcomes or errors: see $log and $results/index.html" >&2
  exit 1
fi
