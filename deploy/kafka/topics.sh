#!/usr/bin/env bash
# Creates Meridian's topics on a real cluster. Usage: BOOTSTRAP=kafka-1:9092 ./topics.sh
set -euo pipefail
: "${BOOTSTRAP:?set BOOTSTRAP to the cluster's bootstrap servers}"
TOPIC="${TOPIC:-clinic.events}"
PARTITIONS="${PARTITIONS:-12}"
REPLICATION="${REPLICATION:-3}"
for t in "$TOPIC" "$TOPIC.DLT"; do
  kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$t" \
    --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
    --config min.insync.replicas=2 --config retention.ms=-1
done
