interface ImportMetaEnv {
  /** package.json "version", defined by vite.config.ts. */
  readonly APP_VERSION?: string;
}
