# Sourced by test.sh: a throw-away PostgreSQL for the tests of the PostgreSQL store. Installs Debian's postgresql
# when it is missing, starts a private server (its own folder, a free port on loopback, trust authentication) and
# exports JADESTUDIO_TEST_POSTGRES; jadestudio_stop_postgresql stops it and removes its folder.
# A server given in JADESTUDIO_TEST_POSTGRES already is used as it is.
jadestudio_stop_postgresql() { :; }
if [ -z "${JADESTUDIO_TEST_POSTGRES:-}" ]; then
  pg_sudo=""
  [ "$(id -u)" -ne 0 ] && pg_sudo="sudo"
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    echo "Installing Debian's postgresql for the PostgreSQL store's tests..."
    $pg_sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $pg_sudo apt-get install -y -qq postgresql >/dev/null
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/jadestudio-pg.XXXXXX)
  pg_port=$(( 20000 + RANDOM % 20000 ))
  # initdb refuses to run as root: as root, the server runs as the postgres user.
  pg_run() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg_dir"
  pg_run "'$pg_bin/initdb' -D '$pg_dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  pg_run "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -o '-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300' -w -t 60 start" >/dev/null
  export JADESTUDIO_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  jadestudio_stop_postgresql() {
    pg_run "'$pg_bin/pg_ctl' -D '$pg_dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  }
fi
