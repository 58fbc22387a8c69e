# The Praxis sidecar: webhook receiver, JSON API and workers (PRAXIS_ROLES picks which).
FROM node:20-slim

WORKDIR /app
ENV NODE_ENV=production

COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY sidecar/package.json sidecar/
RUN npm ci --omit=dev --workspace @praxis/sidecar --include-workspace-root=false --no-audit --no-fund

COPY shared/src shared/src
COPY sidecar/src sidecar/src
COPY scripts/backfill.ts scripts/forget-user.ts scripts/
COPY tsconfig.json ./

USER node
EXPOSE 4100
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4100)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "sidecar/src/server.ts"]
