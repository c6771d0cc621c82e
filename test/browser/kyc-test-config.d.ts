// Served by the real-bff plugin in web-test-runner.config.mjs.
declare module '/__kyc-test-config.js' {
  export const api: string;
  export const reviewerKey: string;
  export const otherReviewerKey: string;
  /** A BFF with KYC_FOUR_EYES=reject,request_resubmission; alice (reviewerKey) and carol (seniorKey, kyc:senior). */
  export const fourEyesApi: string;
  export const seniorKey: string;
  /** An integrator API key (KYC_API_KEYS) on the first BFF. */
  export const integratorKey: string;
}
