/**
 * `kyc-review-kit/react`: React components for both elements (made with
 * `@lit/react`, Lit's own wrapper): typed props, events as `onKyc…`
 * callbacks. Importing this defines both tags; an app that renders only one
 * imports `kyc-review-kit/react/kyc-flow` or `…/react/kyc-review-queue` and
 * bundles only that element. React is a peer dependency: non-React users
 * never load these entries.
 */
export * from './kyc-flow.js';
export * from './kyc-review-queue.js';
