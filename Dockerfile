# syntax=docker/dockerfile:1
# Multi-stage build of the P2P service (target `p2p`, the default) and of the development node
# services (target `dev-services`). Both run as the unprivileged `node` user.

FROM node:22-bookworm-slim AS build
WORKDIR /src
RUN corepack enable pnpm
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.json tsconfig.base.json buf.yaml buf.gen.yaml ./
COPY proto proto
COPY tools tools
COPY packages packages
COPY apps apps
# Every workspace package must be there for a frozen install and for `tsc -b`, the benchmark and
# the interop drivers included (the Go programs and their caches stay out: .dockerignore).
COPY bench bench
COPY interop interop
RUN pnpm install --frozen-lockfile \
 && pnpm -s build \
 && pnpm --filter @p2p/app deploy --legacy --prod /out/p2p \
 && pnpm --filter @p2p/dev-services deploy --legacy --prod /out/dev-services

FROM node:22-bookworm-slim AS dev-services
ENV NODE_ENV=production \
    DEV_BLOCKCHAIN_GRPC_LISTEN=0.0.0.0:8087 \
    DEV_BLOCKVALIDATION_GRPC_LISTEN=0.0.0.0:8088 \
    DEV_VALIDATOR_GRPC_LISTEN=0.0.0.0:8081 \
    DEV_HTTP_LISTEN=0.0.0.0:8099
WORKDIR /app
COPY --from=build --chown=node:node /out/dev-services /app
USER node
EXPOSE 8087 8088 8081 8099
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8099/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]

FROM node:22-bookworm-slim AS p2p
ENV NODE_ENV=production \
    p2p_peer_cache_dir=/data \
    p2p_httpListenAddress=:9906 \
    p2p_port=9905
WORKDIR /app
COPY --from=build --chown=node:node /out/p2p /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9905 9906
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9906/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
