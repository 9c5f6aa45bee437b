import { useId, useState } from 'react';
import type { LogLevel } from '../../core/pipelineTypes';
import type { LogRow } from '../../db/schema';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
/** Enough to read; the rest is in the debug bundle. Rendering tens of thousands of rows would stall the page. */
const MAX_SHOWN = 1000;

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function LogView({ logs }: { logs: LogRow[] }) {
  const [level, setLevel] = useState<LogLevel | 'all'>('all');
  const id = useId();
  const matching = level === 'all' ? logs : logs.filter((log) => log.level === level);
  const shown = matching.slice(-MAX_SHOWN);

  return (
    <div className="logs">
      <div className="toolbar">
        <label htmlFor={id}>Log level</label>
        <select id={id} value={level} onChange={(event) => setLevel(event.currentTarget.value as LogLevel | 'all')}>
          <option value="all">all ({logs.length})</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l} ({logs.filter((log) => log.level === l).length})
            </option>
          ))}
        </select>
        {matching.length > shown.length && (
          <span className="muted">
            Showing the last {shown.length} of {matching.length}.
          </span>
        )}
      </div>
      {shown.length === 0 ? (
        <p className="empty">No log entries{level === 'all' ? '' : ` at level ${level}`}.</p>
      ) : (
        <ol className="log-list">
          {shown.map((log) => (
            <li key={log.id} className={`log log-${log.level}`}>
              <time dateTime={new Date(log.time).toISOString()}>{timeOfDay.format(log.time)}</time>
              <span className="log-level">{log.level}</span>
              <span className="log-step">{log.step}</span>
              <span className="log-message" dir="auto">
                {log.message}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
