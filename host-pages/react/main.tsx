/**
 * `/react/`: a small React 19 app that embeds `<kyc-flow>` through the
 * package's React wrapper (`kyc-review-kit/react/kyc-flow`, made with `@lit/react`).
 * The element's events arrive as typed callbacks and go into React state,
 * which the app renders beside the flow. Built by vite with
 * `@vitejs/plugin-react` (vite.config.ts resolves `kyc-review-kit/*` to the
 * sources, so this file reads as it would in an app that installed the package).
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { KycFlow, type KycDecisionEvent, type KycStateChangeEvent } from 'kyc-review-kit/react/kyc-flow';

type Progress = KycStateChangeEvent['detail'] | null;
type Decision = KycDecisionEvent['detail'] | null;

const OUTCOME_TEXT: Record<NonNullable<Decision>['outcome'], string> = {
  approve: 'Approved: your account is ready.',
  reject: 'Rejected: we cannot open the account.',
  request_resubmission: 'Some photos need to be taken again.',
};

function App() {
  const [progress, setProgress] = useState<Progress>(null);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [decision, setDecision] = useState<Decision>(null);
  const [error, setError] = useState<string | null>(null);

  return (
    <>
      <header className="site-header">
        <span className="brand">Northwind Bank</span>
        <span className="tag">React app</span>
      </header>
      <main>
        <h1>Confirm who you are</h1>
        <div className="layout">
          <KycFlow
            api="/api/v1"
            onKycStateChange={(event) => setProgress(event.detail)}
            onKycSubmitted={(event) => setSubmitted(event.detail.workflowId)}
            onKycDecision={(event) => setDecision(event.detail)}
            onKycError={(event) => setError(event.detail.message)}
          />
          <aside className="app-state" aria-labelledby="app-state-heading">
            <h2 id="app-state-heading">In this app's state</h2>
            <dl>
              <dt>Step</dt>
              <dd data-testid="app-step">{progress?.state ?? 'not started'}</dd>
              <dt>Status</dt>
              <dd data-testid="app-status">{progress?.status ?? '—'}</dd>
              <dt>Submitted</dt>
              <dd data-testid="app-submitted">{submitted ? 'yes' : 'no'}</dd>
            </dl>
            <p role="status" data-testid="app-decision">
              {decision ? `Decision: ${OUTCOME_TEXT[decision.outcome]}` : ''}
            </p>
            {error ? <p className="app-error">Last error: {error}</p> : null}
          </aside>
        </div>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
