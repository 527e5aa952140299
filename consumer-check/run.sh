#!/usr/bin/env bash
# Builds this project against the multiprocessing4j-core in the local repository (run
# `./mvnw install -DskipTests` at the root first) and runs it with plain `java`, once on the
# class path and once on the module path. Uses the JDK 25 that ../mvnw selects.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
../mvnw -B -q -f pom.xml package
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"

echo "== class path"
"$java" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/lib/*" \
    io.multiprocessing4j.consumer.ConsumerCheck </dev/null

echo "== module path"
"$java" --enable-native-access=io.multiprocessing4j -p "target/consumer-check.jar:target/lib" \
    -m io.multiprocessing4j.consumer/io.multiprocessing4j.consumer.ConsumerCheck </dev/null
