/** File names of a job's exports; a module of its own so the page can name them without loading the writers. */
export const EXPORT_NAMES = { ifc: 'model.ifc', dxf: 'result.dxf', svg: 'plan.svg' } as const;
