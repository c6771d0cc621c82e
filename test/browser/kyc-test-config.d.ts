// Served by the real-bff plugin in web-test-runner.config.mjs.
declare module '/__kyc-test-config.js' {
  export const api: string;
  export const reviewerKey: string;
  export const otherReviewerKey: string;
}
