# Sourced by test.sh: installs Debian's nginx for the deployment example's test (docs/deployment.md) when it is
# missing. The test starts its own nginx with its own files on a loopback port; the package's service is not used.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx for the deployment example's test..."
  nginx_sudo=""
  [ "$(id -u)" -ne 0 ] && nginx_sudo="sudo"
  $nginx_sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $nginx_sudo apt-get install -y -qq --no-install-recommends nginx >/dev/null
  # The package starts its own server on port 80; the test needs none of it.
  $nginx_sudo service nginx stop >/dev/null 2>&1 || true
fi
