/** `<kyc-flow>`: the public entry (bundled as /elements/kyc-flow.js). Importing it defines the tag. */
export { KycFlow } from './kyc-flow.component.js';
export * from './events.js';
export { STRINGS, stringsFor, type KycFlowLocale, type KycFlowStrings } from './strings.js';
export { createKycWorkflow, type KycWorkflow, type KycWorkflowOptions } from '../client/kyc-workflow.js';
import './define.js';
