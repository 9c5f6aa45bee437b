/** The layer table's filter and bulk selection. Layer names are untrusted, so they only live in arrays and Sets. */

export interface NamedLayer {
  name: string;
  layerClass: string;
}

/** Layers whose name or class contains the query, case-insensitively. */
export function filterLayers<T extends NamedLayer>(layers: readonly T[], query: string): T[] {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return [...layers];
  return layers.filter(
    (layer) => layer.name.toLocaleLowerCase().includes(needle) || layer.layerClass.toLocaleLowerCase().includes(needle),
  );
}

/** The selection with the given layers added (select all) or removed (select none); other layers keep their state. */
export function withLayers(selected: ReadonlySet<string>, layers: readonly NamedLayer[], include: boolean): Set<string> {
  const next = new Set(selected);
  for (const layer of layers) {
    if (include) next.add(layer.name);
    else next.delete(layer.name);
  }
  return next;
}

export function toggled(selected: ReadonlySet<string>, name: string): Set<string> {
  const next = new Set(selected);
  if (!next.delete(name)) next.add(name);
  return next;
}

/** The selection in the drawing's layer order, as stored on the job. */
export function orderedSelection(layers: readonly NamedLayer[], selected: ReadonlySet<string>): string[] {
  return layers.filter((layer) => selected.has(layer.name)).map((layer) => layer.name);
}
