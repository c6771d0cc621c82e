export * from './kyc-workflow.js';
export * from './kyc-workflow-controller.js';
export { uploadDocument, type UploadOptions, type UploadProgress } from './upload.js';
