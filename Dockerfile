# Scholargraph server image (used by docker-compose.yml). Two stages:
#  - build: every dependency (npm ci; its postinstall generates the Prisma client into
#    src/generated), `npm run build` compiles src/ to dist/, then the dev dependencies
#    go (with devDependencies dropped from package.json, npm also prunes the optional
#    peers only they brought: the prisma CLI, typescript);
#  - runtime: package.json, the production node_modules, dist/ and prisma/migrations;
#    compiled JavaScript run by node as the unprivileged `node` user: no TypeScript
#    loader, no compiler, no dev tools.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci && npm cache clean --force
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
  && npm pkg delete devDependencies scripts.postinstall \
  && npm prune --omit=dev \
  && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
# Without DATABASE_URL the server starts an embedded PostgreSQL whose data lives in
# .data (PostgreSQL refuses to run as root): the one directory the server's user writes.
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 4000
CMD ["node", "--enable-source-maps", "dist/server.js"]
