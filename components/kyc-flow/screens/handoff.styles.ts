import { css } from 'lit';

/** "Continue on another device" (screens/handoff.ts). */
export const handoffStyles = css`
  /* Another device */
  details {
    border-block-start: 1px solid var(--kyc-color-frame, #d0d5da);
    padding-block-start: 0.75rem;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    color: var(--_primary);
    min-block-size: 2.75rem;
    display: flex;
    align-items: center;
  }
  .handoff {
    display: grid;
    gap: 0.75rem;
    justify-items: start;
    padding-block-start: 0.5rem;
  }
  .qr {
    inline-size: 12rem;
    block-size: 12rem;
    max-inline-size: 100%;
    image-rendering: pixelated;
    border: 1px solid var(--_border);
  }
  .link-row {
    display: grid;
    gap: 0.25rem;
    inline-size: 100%;
  }
  .copy-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .copied {
    color: var(--_muted);
  }
`;
