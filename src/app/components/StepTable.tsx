import type { StepRow } from '../../db/schema';
import { formatCount } from '../lib/format';
import { StatusBadge } from './StatusBadge';

/** Sub-millisecond steps are common; one decimal keeps them from all reading "0". */
function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : formatCount(Math.round(ms));
}

export function StepTable({ steps }: { steps: StepRow[] }) {
  return (
    <div className="table-scroll">
      <table className="data steps">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Step</th>
            <th>Status</th>
            <th className="num">Duration (ms)</th>
            <th>Metrics</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.order} className={`step-${step.status}`}>
              <td className="num">{step.order + 1}</td>
              <td className="mono">{step.name}</td>
              <td>
                <StatusBadge status={step.status} />
              </td>
              <td className="num">{step.duration_ms === null ? '—' : formatMs(step.duration_ms)}</td>
              <td>
                {step.error && <p className="inline-error">{step.error}</p>}
                <ul className="metrics">
                  {Object.entries(step.metrics).map(([name, value]) => (
                    <li key={name}>
                      <span className="metric-name">{name}</span> <span className="metric-value">{formatCount(value)}</span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
