# Scholargraph server image (used by docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
# Dev dependencies are needed: the server runs TypeScript through tsx and generates the Prisma client.
RUN npm ci --include=dev && npm cache clean --force
COPY tsconfig.json schema.graphql ./
COPY src ./src
EXPOSE 4000
CMD ["node", "--import", "tsx", "src/server.ts"]
