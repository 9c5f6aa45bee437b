import { useId, useState } from 'react';
import type { LayerRecord } from '../../db/schema';
import { filterLayers, toggled, withLayers } from '../drawings/layerSelection';
import { formatCount } from '../lib/format';

interface Props {
  layers: LayerRecord[];
  selected: ReadonlySet<string>;
  suggested: readonly string[];
  onChange: (selected: Set<string>) => void;
}

function otherEntities(layer: LayerRecord): string {
  const parts = layer.otherCounts.map(([type, count]) => `${type} ${formatCount(count)}`);
  if (layer.skipped > 0) parts.push(`${formatCount(layer.skipped)} skipped`);
  return parts.join(' · ') || '—';
}

/** The drawing's layers with a checkbox each; "Select all/none" act on the rows the filter shows. */
export function LayerTable({ layers, selected, suggested, onChange }: Props) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const visible = filterLayers(layers, filter);

  return (
    <div className="layer-picker">
      <div className="toolbar">
        <label htmlFor={filterId} className="visually-hidden">
          Filter layers
        </label>
        <input
          id={filterId}
          type="search"
          placeholder="Filter layers by name or class"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
        <button type="button" onClick={() => onChange(withLayers(selected, visible, true))}>
          Select all
        </button>
        <button type="button" onClick={() => onChange(withLayers(selected, visible, false))}>
          Select none
        </button>
        <button type="button" onClick={() => onChange(new Set(suggested))}>
          Select suggested
        </button>
        <span className="muted" aria-live="polite">
          {selected.size} of {layers.length} layers selected
        </span>
      </div>
      <div className="table-scroll">
        <table className="data layers">
          <thead>
            <tr>
              <th className="check">Use</th>
              <th>Layer</th>
              <th className="num">Lines</th>
              <th className="num">Polylines</th>
              <th className="num">Blocks</th>
              <th>Other entities</th>
              <th>Class</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((layer) => (
              <tr key={layer.order} className={selected.has(layer.name) ? 'selected' : undefined}>
                <td className="check">
                  <input
                    type="checkbox"
                    aria-label={`Select layer ${layer.name}`}
                    checked={selected.has(layer.name)}
                    onChange={() => onChange(toggled(selected, layer.name))}
                  />
                </td>
                <td className="name-cell">
                  {layer.name === '' ? <span className="muted">(unnamed layer)</span> : <bdi>{layer.name}</bdi>}
                </td>
                <td className="num">{formatCount(layer.lines)}</td>
                <td className="num">{formatCount(layer.polylines)}</td>
                <td className="num">{formatCount(layer.blocks)}</td>
                <td className="muted small">{otherEntities(layer)}</td>
                <td>
                  <span className={`class-tag class-${layer.layerClass}`}>{layer.layerClass}</span>
                </td>
              </tr>
            ))}
            {visible.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No layer matches “{filter}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
