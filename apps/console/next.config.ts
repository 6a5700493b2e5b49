import type { NextConfig } from 'next';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const config: NextConfig = {
  // Several checkouts' builds can live side by side (parallel test runs): GATEHOUSE_NEXT_DIST_DIR picks the folder.
  distDir: process.env.GATEHOUSE_NEXT_DIST_DIR || '.next',
  // Workspace packages ship TypeScript sources; Next compiles them with the app.
  transpilePackages: ['@gatehouse/domain', '@gatehouse/db', '@gatehouse/compiler', '@gatehouse/certs', '@gatehouse/kube'],
  // Native and driver modules load from node_modules at run time instead of being bundled.
  serverExternalPackages: ['better-sqlite3', 'pg', 'pino', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', '@prisma/client', 'node-forge', '@kubernetes/client-node'],
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm run check` type-checks the whole workspace once
};

export default config;
