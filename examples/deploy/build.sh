#!/bin/sh
# Builds a Marquee site on a host's build machine (Netlify, Cloudflare Pages) into public/.
# Copy it to the root of your site's repository beside netlify.toml, or make `sh build.sh`
# the build command of a Cloudflare Pages project.
#
# Where Marquee comes from, in this order:
# 1. a `marquee` already on the PATH;
# 2. the one an earlier build installed in MARQUEE_CACHE (.marquee-bin/), when the host kept
#    that folder (the guides say how);
# 3. MARQUEE_RELEASE_URL, when set: the address of a release archive of the Linux binary
#    (marquee-x86_64-unknown-linux-musl.tar.gz), downloaded in seconds;
# 4. otherwise compiled from source with cargo, once (rustup installs Rust first where the
#    build image has none): the crate marquee-reviews at MARQUEE_VERSION from crates.io, or,
#    when MARQUEE_GIT is set, that git repository at the tag vMARQUEE_VERSION (or at the
#    branch MARQUEE_VERSION names, such as main).
# Set the variables in the host's environment settings, or change the defaults below.
#
# Previews are built with their own address, so their links stay within the preview:
# - Netlify sets CONTEXT (production, deploy-preview, branch-deploy) and DEPLOY_PRIME_URL;
# - Cloudflare Pages sets CF_PAGES_BRANCH and CF_PAGES_URL (set PRODUCTION_BRANCH if yours is
#   not `main`).
# Production builds use base_url from config.toml.
set -eu
MARQUEE_VERSION="${MARQUEE_VERSION:-0.1.0}"
MARQUEE_GIT="${MARQUEE_GIT:-}"
MARQUEE_RELEASE_URL="${MARQUEE_RELEASE_URL:-}"
MARQUEE_CACHE="${MARQUEE_CACHE:-$PWD/.marquee-bin}"
installed="$MARQUEE_CACHE/$MARQUEE_VERSION"

say() { echo "build.sh: $*" >&2; }

install_marquee() {
    if [ -n "$MARQUEE_RELEASE_URL" ]; then
        say "downloading Marquee from $MARQUEE_RELEASE_URL"
        mkdir -p "$installed/bin"
        curl -sSfL "$MARQUEE_RELEASE_URL" | tar -xz -C "$installed/bin"
        return
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        if ! command -v curl >/dev/null 2>&1; then
            say "this build image has neither cargo nor curl: install Rust (https://rustup.rs) in the build command, or set MARQUEE_RELEASE_URL"
            exit 1
        fi
        say "no Rust in this build image: installing it with rustup (about a minute)"
        curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal >&2
        PATH="$HOME/.cargo/bin:$PATH"
    fi
    case "$MARQUEE_VERSION" in
        [0-9]*) ref="--tag v$MARQUEE_VERSION" ;;
        *) ref="--branch $MARQUEE_VERSION" ;;
    esac
    say "compiling Marquee $MARQUEE_VERSION (a few minutes, once: later builds reuse $installed when the host keeps it)"
    if [ -n "$MARQUEE_GIT" ]; then
        # shellcheck disable=SC2086 # $ref is two words on purpose
        cargo install --locked --profile dist --root "$installed" --git "$MARQUEE_GIT" $ref marquee-reviews
    else
        cargo install --locked --profile dist --root "$installed" --version "$MARQUEE_VERSION" marquee-reviews
    fi
}

if ! command -v marquee >/dev/null 2>&1; then
    [ -x "$installed/bin/marquee" ] || install_marquee
    PATH="$installed/bin:$PATH"
fi

case "${CONTEXT:-}" in
    deploy-preview | branch-deploy)
        exec marquee build --output public --base-url "$DEPLOY_PRIME_URL/" ;;
esac
if [ -n "${CF_PAGES_URL:-}" ] && [ "${CF_PAGES_BRANCH:-}" != "${PRODUCTION_BRANCH:-main}" ]; then
    exec marquee build --output public --base-url "$CF_PAGES_URL/"
fi
exec marquee build --output public
