// Public surface of the core: pure TypeScript, no DOM, no IndexedDB.
export * from './model';
export * from './params';
export * from './pipelineTypes';
export { classifyLayer, buildLayerInventory, suggestedLayers } from './layers';
export { detectUnits } from './units';
export { artifactText, runPipeline } from './pipeline';
export { formatRegion, parseRegion, regionFromCorners } from './region';
export { findViews, type DrawingView } from './findViews';
