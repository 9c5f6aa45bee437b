import type { ReactNode } from 'react';
import { DebugBundlePanel } from '../ops/DebugBundlePanel';
import { HealthPanel } from '../ops/HealthPanel';
import { IntegrityPanel } from '../ops/IntegrityPanel';
import { LastErrorsPanel } from '../ops/LastErrorsPanel';
import { SelfTestPanel } from '../ops/SelfTestPanel';
import { StorageUsagePanel } from '../ops/StorageUsagePanel';
import { WorkerPoolPanel } from '../ops/WorkerPoolPanel';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The health check (SPEC §6). */
export function DiagnosticsPage() {
  return (
    <main className="page">
      <header className="page-header">
        <h1>Diagnostics</h1>
      </header>
      <Section id="health-title" title="Health">
        <HealthPanel />
      </Section>
      <Section id="self-test-title" title="Self-test">
        <SelfTestPanel />
      </Section>
      <Section id="pool-title" title="Worker pool">
        <WorkerPoolPanel />
      </Section>
      <Section id="usage-title" title="Storage">
        <StorageUsagePanel />
      </Section>
      <Section id="integrity-title" title="Integrity">
        <IntegrityPanel />
      </Section>
      <Section id="errors-title" title="Last errors">
        <LastErrorsPanel />
      </Section>
      <Section id="debug-title" title="Debug bundle">
        <DebugBundlePanel />
      </Section>
    </main>
  );
}
