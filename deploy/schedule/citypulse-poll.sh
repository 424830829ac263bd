#!/usr/bin/env bash
# One producer round for a scheduler (cron; see docs/schedule.md): citypulse poll --once polls
# every configured source once, publishes to Kafka and exits 0 when every source was read, 1 when
# any failed, with one summary line per source. This wrapper adds what cron
# lacks: the environment (secrets) from a file, no overlap (a round still running when the next
# is due makes the next one skip, exit 75), a time limit, and a UTC time on every output line.
#
#   CITYPULSE_ENV_FILE      KEY=VALUE lines exported to citypulse: CITYPULSE_* config keys, API keys
#                           (default /etc/citypulse/citypulse.env; keep it mode 600, never in git)
#   CITYPULSE_JAR           default /opt/citypulse/citypulse.jar
#   CITYPULSE_LOCK          default /run/lock/citypulse-poll.lock
#   CITYPULSE_POLL_TIMEOUT  default 25m (ends a hung round before the next one is due)
#   JAVA                    default java
# Arguments are passed on to poll --once (e.g. --config /etc/citypulse/citypulse.conf).
set -u -o pipefail

env_file=${CITYPULSE_ENV_FILE:-/etc/citypulse/citypulse.env}
jar=${CITYPULSE_JAR:-/opt/citypulse/citypulse.jar}
lock=${CITYPULSE_LOCK:-/run/lock/citypulse-poll.lock}
limit=${CITYPULSE_POLL_TIMEOUT:-25m}
java=${JAVA:-java}

stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }
say() { printf '%s citypulse-poll: %s\n' "$(stamp)" "$*"; }

# Read as data, not sourced: a value is never run as shell code.
if [ -r "$env_file" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    name=${line%%=*}
    if [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ && $line == *=* ]]; then
      export "$name=${line#*=}"
    else
      say "ignored a line of $env_file that is not NAME=VALUE"
    fi
  done < "$env_file"
fi

exec 9>>"$lock" || { say "cannot open the lock file $lock"; exit 1; }
if ! flock -n 9; then
  say "the previous round still runs (lock $lock): this one is skipped"
  exit 75
fi

say "start: poll --once $*"
timeout "$limit" "$java" -jar "$jar" poll --once "$@" 2>&1 \
  | while IFS= read -r line; do printf '%s %s\n' "$(stamp)" "$line"; done
status=${PIPESTATUS[0]}
case $status in
  0) say "done: every source polled (exit 0)" ;;
  124) say "stopped after $limit (exit 124)" ;;
  *) say "failed: exit $status (a source failed, or citypulse could not run)" ;;
esac
exit "$status"
