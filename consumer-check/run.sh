#!/usr/bin/env bash
# Builds this project against the multiprocessing4j-core in the local repository (run
# `./mvnw install -DskipTests` at the root first) and runs it with plain `java`, once on the
# class path (IDE style: the application as a class directory, the library as a jar), once on the
# module path, and once as a fat jar built by the Maven Shade plugin. Uses $JAVA_HOME (a JDK 25).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
../mvnw -B -q -f pom.xml package
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"

echo "== class path (class directory + jars)"
"$java" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/lib/*" \
    io.multiprocessing4j.consumer.ConsumerCheck </dev/null

echo "== module path"
"$java" --enable-native-access=io.multiprocessing4j -p "target/consumer-check.jar:target/lib" \
    -m io.multiprocessing4j.consumer/io.multiprocessing4j.consumer.ConsumerCheck </dev/null

echo "== fat jar (maven-shade-plugin), java -jar"
"$java" -jar target/consumer-check-all.jar </dev/null
