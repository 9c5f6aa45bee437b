/** The app's version from package.json, put in by the build (vite.config.ts `define`); 'dev' when run unbuilt. */
export const APP_VERSION: string = import.meta.env.APP_VERSION ?? 'dev';
