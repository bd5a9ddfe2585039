# The service image: API, worker and (with SII_ENV=local) the local SII in one process.
# Production sets DATABASE_URL, REDIS_URL, MASTER_KEY, JWT_SECRET or JWT_JWKS_URL, and SII_ENV.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
# npm ci runs the prepare script, which skips the dist/ build without TypeScript (--omit=dev).
COPY scripts ./scripts
# tini as PID 1: it passes a stop signal on to node, which otherwise (as PID 1) ignores one that comes
# before its handlers are registered, and it reaps any child left behind.
RUN apt-get update && apt-get install -y --no-install-recommends tini \
  && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY tools ./tools
COPY resources ./resources
COPY prompts ./prompts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
# Healthy once /healthz answers on PORT (the service binds HOST; 127.0.0.1 is on every HOST it allows here).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "src/main.ts"]
