#!/usr/bin/env bash
# Throughput of the reading pages: gunicorn on PostgreSQL + Redis, measured with wrk.
# Usage: bench/pages.sh  (needs wrk: apt-get install wrk; PostgreSQL and Redis running)
set -euo pipefail
cd "$(dirname "$0")/.."
db=dialogue_bench
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_URL="redis://127.0.0.1:6379/14"
export DEBUG=false SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9)" \
  ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false CONN_MAX_AGE=60
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn config.wsgi --workers 2 --bind 127.0.0.1:8765 --log-level warning &
server=$!
trap 'kill $server' EXIT
sleep 3
for path in /en/ /en/paper/ /en/paper/security/ /fr/document/securite/ /en/resources/ \
  "/en/search/?q=security" "/fr/recherche/?q=s%C3%A9curit%C3%A9" /en/answers/ /en/forum/ \
  /en/forum/security/; do
  printf '%-36s ' "$path"
  wrk -t2 -c16 -d10s "http://127.0.0.1:8765$path" | awk '/Requests\/sec/ {rps=$2} /Latency/ {lat=$2} END {printf "%8s req/s  mean latency %s\n", rps, lat}'
done
