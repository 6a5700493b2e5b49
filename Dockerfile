# One image for the console and the worker (they differ by command). Untested on the build machines of this
# project (no Docker engine there); the same commands run in CI without a container.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ openssl ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build
ENV GATEHOUSE_DATA_DIR=/data
VOLUME /data
EXPOSE 3000 9901
CMD ["node", "node_modules/next/dist/bin/next", "start", "-p", "3000", "apps/console"]
