#!/bin/sh
# Container entrypoint: `odesk-server-entrypoint odesk-server SUBCOMMAND [ARGS...]`.
# Adds the options every `serve` and `admin` call needs from the environment, so the server and
# the admin commands always reach the same database:
#   ODESK_DB_URL            postgresql://USER@HOST:5432/DB   (no password in it; see below)
#   ODESK_DB_PASSWORD_FILE  file holding the PostgreSQL password (a Docker secret); exported as
#                           PGPASSWORD for libpq, so it never appears on a command line
#   ODESK_DATA              SQLite server folder when ODESK_DB_URL is unset (default the volume)
#   ODESK_TLS_CERT, ODESK_TLS_KEY   PEM files: serve HTTPS (required off loopback)
#   ODESK_HOST (0.0.0.0), ODESK_PORT (8470), ODESK_WORKERS (uvicorn worker processes)
# Options given on the command line win over the environment.
set -eu

prog=$1
shift
[ $# -gt 0 ] || set -- serve
sub=$1
shift

has() { # has OPTION ARGS... : is OPTION (or OPTION=...) among ARGS?
    opt=$1
    shift
    for a in "$@"; do
        case "$a" in "$opt" | "$opt"=*) return 0 ;; esac
    done
    return 1
}

case "$sub" in
serve | admin) ;;
*) exec "$prog" "$sub" "$@" ;; # --help, --version, anything else: untouched
esac

if [ -n "${ODESK_DB_PASSWORD_FILE:-}" ]; then
    PGPASSWORD=$(cat "$ODESK_DB_PASSWORD_FILE")
    export PGPASSWORD
fi

if [ "$sub" = serve ]; then
    if [ -n "${ODESK_TLS_CERT:-}" ] && ! has --tls-cert "$@"; then
        set -- --tls-cert "$ODESK_TLS_CERT" --tls-key "${ODESK_TLS_KEY:?ODESK_TLS_KEY must be set with ODESK_TLS_CERT}" "$@"
    fi
    if [ -n "${ODESK_WORKERS:-}" ] && ! has --workers "$@"; then
        set -- --workers "$ODESK_WORKERS" "$@"
    fi
    has --port "$@" || set -- --port "${ODESK_PORT:-8470}" "$@"
    has --host "$@" || set -- --host "${ODESK_HOST:-0.0.0.0}" "$@"
fi

if ! has --db "$@" && ! has --data "$@"; then
    if [ -n "${ODESK_DB_URL:-}" ]; then
        set -- --db "$ODESK_DB_URL" "$@"
    else
        set -- --data "${ODESK_DATA:-/var/lib/odesk-server}" "$@"
    fi
fi

exec "$prog" "$sub" "$@"
