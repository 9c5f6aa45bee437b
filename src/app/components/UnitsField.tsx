import { useId } from 'react';
import type { Units } from '../../core/model';

const UNIT_NAMES: readonly [Units, string][] = [
  ['mm', 'millimetres'],
  ['cm', 'centimetres'],
  ['m', 'metres'],
  ['in', 'inches'],
  ['ft', 'feet'],
];

interface Props {
  value: Units;
  onChange: (units: Units) => void;
  detected: Units;
  reason: string;
  declared: Units | null;
}

export function UnitsField({ value, onChange, detected, reason, declared }: Props) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Drawing units</label>
      <select
        id={id}
        aria-describedby={hintId}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value as Units)}
      >
        {UNIT_NAMES.map(([units, name]) => (
          <option key={units} value={units}>
            {units} ({name})
          </option>
        ))}
      </select>
      <p id={hintId} className="hint">
        Detected: {detected} — {reason}
        {declared && declared !== detected ? ` (the file declares ${declared})` : ''}
      </p>
    </div>
  );
}
