/** The app's runtime dependencies with their licences, read from node_modules at build time (vite.config.ts). */
declare const __THIRD_PARTY_LICENSES__: { name: string; version: string; license: string }[];
