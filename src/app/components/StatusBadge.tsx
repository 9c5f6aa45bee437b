import type { StepStatus } from '../../core/pipelineTypes';
import type { JobStatus } from '../../db/schema';

/** A job or step status; the text is exactly the status word. */
export function StatusBadge({ status, testId }: { status: JobStatus | StepStatus; testId?: string }) {
  return (
    <span className={`badge status-${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
