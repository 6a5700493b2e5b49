# One image for the console and the worker (they differ by command). Untested on the build machines of this
# project (no Docker engine there); the same commands run in CI without a container.
FROM node:24-bookworm-slim
# haproxy: the worker's native engine (GATEHOUSE_WORKER_ENGINE=haproxy, the default of deploy/kustomize), Debian
# bookworm's 2.6 LTS at /usr/sbin/haproxy, run by the worker as a supervised child; the Node engine needs nothing.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ openssl ca-certificates haproxy && rm -rf /var/lib/apt/lists/*
# The processes run as this unprivileged user (uid/gid 10001, what deploy/kustomize's securityContext expects).
RUN groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /data --shell /usr/sbin/nologin gatehouse
WORKDIR /app
# The project's runtime (the devDependency `node`, Node 26) first on PATH, as npm scripts have it: the native module
# is built for that runtime by the postinstall step, and the processes must run on it. The base image's Node runs npm.
ENV PATH=/app/node_modules/.bin:$PATH
COPY . .
# Built as root, so the application files stay read-only for the process. Writable for it: the data directory
# and Next.js's runtime cache (the build cache is dropped).
RUN npm ci --no-audit --no-fund && npm run build \
 && rm -rf apps/console/.next/cache \
 && mkdir -p apps/console/.next/cache /data \
 && chown gatehouse:gatehouse apps/console/.next/cache /data
ENV GATEHOUSE_DATA_DIR=/data \
    GATEHOUSE_CRDS_DIR=/app/deploy/crds \
    NEXT_TELEMETRY_DISABLED=1
VOLUME /data
USER 10001:10001
EXPOSE 3000 9901
# The console's own server (apps/console/server.mjs) rather than `next start`: it passes the socket peer on.
ENV PORT=3000
CMD ["node", "apps/console/server.mjs"]
