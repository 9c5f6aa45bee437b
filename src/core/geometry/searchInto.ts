import type Flatbush from 'flatbush';
import { grown } from '../typedArrays';

/** The items a box search found: items[0…count), in a buffer that the caller keeps and every search reuses. */
export interface BoxHits {
  items: Int32Array;
  count: number;
}

export function boxHits(): BoxHits {
  return { items: new Int32Array(64), count: 0 };
}

/**
 * A box search writing into a reused buffer: searchInto over a Flatbush index (searchOf), or, in the test
 * oracle, one that lists every item.
 */
export type BoxSearch = (minX: number, minY: number, maxX: number, maxY: number, hits: BoxHits) => number;

/** The walk's pending nodes (position, level), shared: a search finishes before the next one starts. */
let pending: Int32Array = new Int32Array(256);

/**
 * The items of the index whose boxes intersect or touch the query box — the items index.search() returns,
 * in the order of this walk (depth first) — written to hits.items; returns their count. Flatbush's own search
 * makes a result array and a queue per call: a 200k-segment job searches about a million times, and those
 * arrays were 45 MB of garbage, the most of any one function. The walk reads the packed tree Flatbush
 * describes: each level's boxes after the one below, `_levelBounds` where each level ends, and `_indices`
 * holding an item number for a leaf and its first child's position for a node.
 */
export function searchInto(index: Flatbush, minX: number, minY: number, maxX: number, maxY: number, hits: BoxHits): number {
  const boxes = index._boxes, indices = index._indices, levelBounds = index._levelBounds, nodeSize = index.nodeSize;
  const leafEnd = 4 * index.numItems;
  let items = hits.items, count = 0, top = 0;
  let node = boxes.length - 4, level = levelBounds.length - 1;
  for (;;) {
    const end = Math.min(node + 4 * nodeSize, levelBounds[level]);
    const inner = node >= leafEnd;
    for (let at = node; at < end; at += 4) {
      if (maxX < boxes[at] || maxY < boxes[at + 1] || minX > boxes[at + 2] || minY > boxes[at + 3]) continue;
      const i = indices[at >> 2] | 0;
      if (inner) {
        if (top + 2 > pending.length) pending = grown(pending, 2 * pending.length);
        pending[top++] = i;
        pending[top++] = level - 1;
      } else {
        if (count === items.length) items = hits.items = grown(items, 2 * items.length);
        items[count++] = i;
      }
    }
    if (top === 0) break;
    level = pending[--top];
    node = pending[--top];
  }
  hits.count = count;
  return count;
}

/** searchInto over one index, as a BoxSearch. */
export function searchOf(index: Flatbush): BoxSearch {
  return (minX, minY, maxX, maxY, hits) => searchInto(index, minX, minY, maxX, maxY, hits);
}
