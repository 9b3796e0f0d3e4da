/** The shared leaf in one import, for the renderer: the contract, the content model, limits and results. */
export * from './api.js';
export * from './content.js';
export * from './hours.js';
export * from './limits.js';
export * from './results.js';
export * from './schedule.js';
export * from './messages.js';
