# Switchboard server image. Build: `docker build -t switchboard .`; run it alone (embedded SQLite
# under /data) or with PostgreSQL and Redis through docker-compose.yml. See docs/scale-out.md,
# "Deploying with containers".

# Stage 1: production dependencies only. The compiler is for native modules (better-sqlite3 and
# friends) on platforms where no prebuilt binary fits; it stays in this stage.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# .npmrc and .puppeteerrc.cjs keep `npm ci` from downloading CUDA runtimes and a browser build.
COPY package.json package-lock.json .npmrc .puppeteerrc.cjs ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Stage 2: the runtime. The sources run through tsx (a production dependency): no build step.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json index.ts ./
COPY bin ./bin
COPY core ./core
COPY channels ./channels
COPY dialogs ./dialogs
COPY knowledge ./knowledge
COPY handoff ./handoff
COPY journeys ./journeys
COPY media ./media
COPY catalog ./catalog
COPY vision ./vision
COPY surveys ./surveys
COPY analytics ./analytics
COPY identity ./identity
COPY server ./server
COPY cli ./cli
COPY bots ./bots
# The image's own user owns nothing but the data folder (SQLite file, WhatsApp Web session).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz answers 200 once the store is reachable, 503 while it is not (see docs/scale-out.md).
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `docker run switchboard` serves the demo bot; `docker run -v $PWD/bots/mybot:/app/bots/mybot
# switchboard start bots/mybot` serves yours. Any other CLI command works the same way.
ENTRYPOINT ["node", "bin/switchboard.js"]
CMD ["start", "bots/demo"]
