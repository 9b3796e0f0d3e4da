/**
 * Small helpers over the content model for the screens. Types come from src/shared, as does
 * isPlaceholder (zod and the schema stay out of the renderer bundle).
 */
import type { Department } from '../../shared/index.js';

export { isPlaceholder } from '../../shared/index.js';

export type Hours = Department['hours'];
export type Honour = Department['honours'][number];
export type Item = Department['services'][number];
export type StaffGroup = NonNullable<Department['staff']>['byRank'][number];
