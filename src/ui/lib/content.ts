/**
 * Small helpers over the content model for the screens. Types come from the API contract;
 * nothing here imports the schema's runtime (zod stays out of the renderer bundle).
 */
import type { Department, Placeholder } from '../../core/api/contract.js';

export function isPlaceholder(v: unknown): v is Placeholder {
  return typeof v === 'object' && v !== null && (v as { placeholder?: unknown }).placeholder === true;
}

export type Hours = Department['hours'];
export type Honour = Department['honours'][number];
export type Item = Department['services'][number];
export type StaffGroup = NonNullable<Department['staff']>['byRank'][number];
