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
  chmod 755 "$pg_dir"
  # initdb refuses to run as root: as root, the server runs as the postgres user.
  pg_run() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg_dir"
  pg_run "'$pg_bin/initdb' -D '$pg_dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  # A start can fail for reasons of the machine, not of the tests: a port taken meanwhile, or no usable /dev/shm
  # (seen once in CI, without its log). Each retry takes another port; after the first failure the server keeps its
  # dynamic shared memory in its own folder (mmap) instead of /dev/shm. The log of every failed start is printed.
  pg_started=""
  pg_options="-c listen_addresses=127.0.0.1 -c max_connections=300"
  for pg_attempt in 1 2 3 4 5; do
    pg_port=$(( 20000 + RANDOM % 20000 ))
    # Something answers on that port already: take another.
    if (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; then continue; fi
    if pg_run "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -o '-p $pg_port -k $pg_dir $pg_options' -w -t 60 start" >/dev/null; then
      pg_started=1
      break
    fi
    echo "PostgreSQL did not start on port $pg_port (attempt $pg_attempt); its log:" >&2
    tail -n 20 "$pg_dir/server.log" >&2 || true
    pg_options="-c listen_addresses=127.0.0.1 -c max_connections=300 -c dynamic_shared_memory_type=mmap"
  done
  if [ -z "$pg_started" ]; then
    echo "PostgreSQL could not be started for the tests (see its log above)." >&2
    rm -rf "$pg_dir"
    return 1 2>/dev/null || exit 1
  fi
  export JADESTUDIO_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  jadestudio_stop_postgresql() {
    pg_run "'$pg_bin/pg_ctl' -D '$pg_dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  }
fi
