/**
 * The staff screens' routes, joined into the Kiosk's Route type (kiosk.svelte.ts): the PIN pad
 * for a role, the IT screen, and volunteer mode's directory, "show the patient" card and
 * visitor information. Pure types and a guard; no state.
 */
import type { StaffRole } from './session.svelte';

export type StaffRoute =
  { name: 'staff-pin'; role: StaffRole } | { name: 'it' } | { name: 'volunteer' } | { name: 'volunteer-card'; id: string } | { name: 'volunteer-info' };

const NAMES: ReadonlySet<string> = new Set<StaffRoute['name']>(['staff-pin', 'it', 'volunteer', 'volunteer-card', 'volunteer-info']);

export function isStaffRoute(route: { name: string }): route is StaffRoute {
  return NAMES.has(route.name);
}

/** The screen a role's session starts on (and Home returns to while it lasts). */
export function staffHome(role: StaffRole): StaffRoute {
  return role === 'it' ? { name: 'it' } : { name: 'volunteer' };
}
