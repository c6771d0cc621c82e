export * from './catalogue.js';
export * from './schemas.js';
export * from './machine.js';
export * from './moves.js';
