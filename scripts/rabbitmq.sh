#!/usr/bin/env bash
# Installs (apt) and starts RabbitMQ with the web-stomp plugin on loopback, idempotently, and waits
# until a real STOMP CONNECT over the WebSocket gets CONNECTED. Usage: scripts/rabbitmq.sh [start|stop]
set -euo pipefail
cmd=${1:-start}
here=$(cd "$(dirname "$0")" && pwd)

if [[ $cmd == stop ]]; then
  rabbitmqctl shutdown >/dev/null 2>&1 || true
  epmd -kill >/dev/null 2>&1 || true
  exit 0
fi

if ! command -v rabbitmq-server >/dev/null 2>&1; then
  echo "rabbitmq: installing rabbitmq-server (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null
fi

mkdir -p /etc/rabbitmq
# Loopback only; deflate off (3x faster Node clients); binary frames so non-UTF-8 bodies survive.
conf=$'listeners.tcp.default = 127.0.0.1:5672\nweb_stomp.tcp.ip = 127.0.0.1\nweb_stomp.tcp.port = 15674\nweb_stomp.ws_opts.compress = false\nloopback_users.guest = false\n'
envconf=$'NODE_IP_ADDRESS=127.0.0.1\nERL_EPMD_ADDRESS=127.0.0.1\n'
changed=0
if [[ "$(cat /etc/rabbitmq/rabbitmq.conf 2>/dev/null)" != "${conf%$'\n'}" ]]; then printf '%s' "$conf" >/etc/rabbitmq/rabbitmq.conf; changed=1; fi
if [[ "$(cat /etc/rabbitmq/rabbitmq-env.conf 2>/dev/null)" != "${envconf%$'\n'}" ]]; then printf '%s' "$envconf" >/etc/rabbitmq/rabbitmq-env.conf; changed=1; fi
printf '[rabbitmq_web_stomp].\n' >/etc/rabbitmq/enabled_plugins

pidfile=/var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid
running=0
if rabbitmqctl status >/dev/null 2>&1; then running=1; fi
if [[ $running == 1 && $changed == 1 ]]; then
  echo "rabbitmq: config changed, restarting"
  rabbitmqctl shutdown >/dev/null 2>&1 || true
  running=0
fi
if [[ $running == 0 ]]; then
  echo "rabbitmq: starting"
  rabbitmq-server -detached
  rabbitmqctl wait --timeout 90 "$pidfile" >/dev/null
fi
rabbitmq-plugins enable rabbitmq_web_stomp >/dev/null

# Readiness is a real STOMP CONNECT, not a port check: web-stomp listens a moment after boot.
for i in $(seq 1 60); do
  if node "$here/stomp-ping.mjs" "${STOMP_URL:-ws://127.0.0.1:15674/ws}" >/dev/null 2>&1; then
    echo "rabbitmq: ready (web-stomp answered CONNECTED)"
    exit 0
  fi
  sleep 1
done
echo "rabbitmq: web-stomp did not answer CONNECTED within 60 s" >&2
node "$here/stomp-ping.mjs" "${STOMP_URL:-ws://127.0.0.1:15674/ws}" || true
exit 1
