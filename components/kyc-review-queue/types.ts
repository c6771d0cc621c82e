/** The reviewer routes' shapes: the reviewer client's, re-exported for the element's parts. */
export * from '../review-client/types.js';
