import { changedParams, PARAM_KEYS, PARAM_LABELS, paramInputs, type ParamInputs } from '../drawings/paramFields';

export function ParamsEditor({ values, onChange }: { values: ParamInputs; onChange: (values: ParamInputs) => void }) {
  const changed = changedParams(values).length;
  return (
    <details className="params">
      <summary>
        Pipeline parameters{' '}
        {changed > 0 ? <span className="badge">{changed} changed</span> : <span className="muted">(defaults)</span>}
      </summary>
      <div className="params-grid">
        {PARAM_KEYS.map((key) => (
          <label key={key} className="field">
            <span>{PARAM_LABELS[key]}</span>
            <input
              type="number"
              step="any"
              value={values[key]}
              onChange={(event) => onChange({ ...values, [key]: event.currentTarget.value })}
            />
          </label>
        ))}
      </div>
      <button type="button" onClick={() => onChange(paramInputs())} disabled={changed === 0}>
        Reset to defaults
      </button>
    </details>
  );
}
