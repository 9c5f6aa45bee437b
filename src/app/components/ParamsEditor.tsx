import { useId } from 'react';
import { defaultParams } from '../../core/params';
import { changedParams, PARAM_KEYS, PARAM_LABELS, paramInputs, TEXT_PARAMS, type ParamInputs } from '../drawings/paramFields';
import '../compare/compare.css';

/**
 * The job's pipeline parameters (SPEC §4), one field per threshold. Fields that differ from the default are
 * marked and say what the default is; "Reset to defaults" puts every field back.
 */
export function ParamsEditor({ values, onChange }: { values: ParamInputs; onChange: (values: ParamInputs) => void }) {
  const idBase = useId();
  const changed = new Set(changedParams(values));
  return (
    <details className="params">
      <summary>
        Pipeline parameters{' '}
        {changed.size > 0 ? <span className="badge">{changed.size} changed</span> : <span className="muted">(defaults)</span>}
      </summary>
      <div className="params-grid">
        {PARAM_KEYS.map((key) => {
          const id = `${idBase}-${key}`;
          const isChanged = changed.has(key);
          return (
            <div key={key} className={`field${isChanged ? ' param-changed' : ''}`}>
              <label htmlFor={id}>{PARAM_LABELS[key]}</label>
              <input
                id={id}
                type={TEXT_PARAMS.has(key) ? 'text' : 'number'}
                step={TEXT_PARAMS.has(key) ? undefined : 'any'}
                value={values[key]}
                aria-describedby={isChanged ? `${id}-default` : undefined}
                onChange={(event) => onChange({ ...values, [key]: event.currentTarget.value })}
              />
              {isChanged && (
                <small id={`${id}-default`} className="param-default">
                  changed · default {defaultParams[key]}
                </small>
              )}
            </div>
          );
        })}
      </div>
      <button type="button" onClick={() => onChange(paramInputs())} disabled={changed.size === 0}>
        Reset to defaults
      </button>
    </details>
  );
}
