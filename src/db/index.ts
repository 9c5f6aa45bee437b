export * from './schema';
export * from './drawings';
export * from './jobs';
export * from './settings';
export { describeStorageError } from './errors';
