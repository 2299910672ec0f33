#!/usr/bin/env bash
# `npm start`'s build step: builds only when a source is newer than what dist/ holds,
# so that starting right after `npm ci` (which builds) or a restart does not spend
# most of a minute building the same files again.
set -euo pipefail
cd "$(dirname "$0")/.."

STAMPS=(dist/server.js dist/cli/main.js dist/web/index.html)
for stamp in "${STAMPS[@]}"; do
  if [ ! -e "$stamp" ]; then
    exec npm run build
  fi
done
oldest=$(ls -t "${STAMPS[@]}" | tail -n 1)
newer=$(find src web/src web/index.html web/vite.config.ts web/tsconfig.json package.json package-lock.json tsconfig.json tsconfig.build.json \
  -newer "$oldest" -type f -print -quit 2>/dev/null || true)
if [ -n "$newer" ]; then
  echo "源文件有改动（${newer}），重新构建……"
  exec npm run build
fi
echo "dist/ 已是最新，跳过构建"
