#!/bin/sh
# Builds a Marquee site on a host's build machine (Netlify, Cloudflare Pages) into public/.
# Copy it to the root of your site's repository beside netlify.toml, or make `sh build.sh`
# the build command of a Cloudflare Pages project.
#
# Marquee comes from the release binaries (MARQUEE_GIT and MARQUEE_VERSION below, or set them
# in the host's environment variables), unless a `marquee` is on the PATH already. Previews
# are built with their own address, so their links stay within the preview:
# - Netlify sets CONTEXT (production, deploy-preview, branch-deploy) and DEPLOY_PRIME_URL;
# - Cloudflare Pages sets CF_PAGES_BRANCH and CF_PAGES_URL (set PRODUCTION_BRANCH if yours is
#   not `main`).
# Production builds use base_url from config.toml.
set -eu
MARQUEE_GIT="${MARQUEE_GIT:-https://github.com/OWNER/marquee}"
MARQUEE_VERSION="${MARQUEE_VERSION:-v0.1.0}"

if ! command -v marquee >/dev/null 2>&1; then
    mkdir -p .marquee-bin
    curl -sSfL "$MARQUEE_GIT/releases/download/$MARQUEE_VERSION/marquee-x86_64-unknown-linux-musl.tar.gz" \
        | tar -xz -C .marquee-bin
    PATH="$PWD/.marquee-bin:$PATH"
fi

case "${CONTEXT:-}" in
    deploy-preview | branch-deploy)
        exec marquee build --output public --base-url "$DEPLOY_PRIME_URL/" ;;
esac
if [ -n "${CF_PAGES_URL:-}" ] && [ "${CF_PAGES_BRANCH:-}" != "${PRODUCTION_BRANCH:-main}" ]; then
    exec marquee build --output public --base-url "$CF_PAGES_URL/"
fi
exec marquee build --output public
