#!/usr/bin/env bash
# Runs nginx in the foreground on loopback with deploy/nginx/authentik-flows-ui.conf,
# serving dist/ under /admin/flows-ui/ and proxying /api/v3/ to the local API:
#   tests/nginx/run.sh <listen port> <local API port>
# Used by the browser tests (playwright.config.ts); nothing is written outside a temp dir.
set -euo pipefail
cd "$(dirname "$0")/../.."
listen=${1:-8091}
api=${2:-8090}
subpath=/admin/flows-ui/
# Playwright stops this server with SIGKILL, so no trap could remove the temp
# dir: each start removes those left by earlier runs instead (a minute old and
# no nginx running from them; a run in progress keeps its nginx.pid alive).
tmp=${TMPDIR:-/tmp}
for old in $(find "$tmp" -maxdepth 1 -name 'akf-nginx.*' -type d -mmin +1 2>/dev/null); do
  pid=$(cat "$old/nginx.pid" 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -rf "$old"; fi
done
work=$(mktemp -d "$tmp/akf-nginx.XXXXXX")
mkdir -p "$work/snippets" "$work/logs" "$work/tmp"
cp deploy/nginx/security-headers.conf "$work/snippets/"
cp deploy/nginx/compression.conf "$work/snippets/compression.conf"
load_brotli=""
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
if [ -f "$brotli_module" ]; then
  load_brotli="load_module $brotli_module;"
  cat deploy/nginx/brotli.conf >> "$work/snippets/compression.conf"
fi
sed -e "s#__LISTEN__#127.0.0.1:$listen#" \
    -e "s#__SUBPATH_NO_SLASH__#${subpath%/}#" \
    -e "s#__SUBPATH__#$subpath#g" \
    -e "s#__DIST__#$PWD/dist/#" \
    -e "s#__AUTHENTIK__#http://127.0.0.1:$api#" \
    -e "s#__SNIPPETS__#$work/snippets#g" \
    deploy/nginx/authentik-flows-ui.conf > "$work/server.conf"
# Started as root, nginx would run its workers as www-data, which cannot read
# a checkout in a private directory (mktemp -d is 0700): keep them as this user.
run_as=""
[ "$(id -u)" -eq 0 ] && run_as="user root;"
cat > "$work/nginx.conf" <<CONF
$load_brotli
$run_as
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  include $work/server.conf;
}
CONF
echo "nginx on http://127.0.0.1:$listen$subpath (config in $work)"
exec "$(command -v nginx || echo /usr/sbin/nginx)" -e "$work/logs/error.log" -c "$work/nginx.conf"
