/**
 * Volunteer mode's directory state, kept while the session lasts so that the filter, the sort
 * and the rows (and the doctors, with their clinics today) are still there when the volunteer comes back from a "show the patient" card.
 * Cleared by the kiosk's reset (Exit, idle), like every other choice made at the screen.
 */
import type { DirectoryDoctors, DirectoryRow } from '../../../shared';
import { api } from '../../lib/api';
import { kiosk } from '../../lib/kiosk.svelte';
import { Resource } from '../../kit/resource.svelte';
import type { SortKey } from './directory';
import { staff } from './session.svelte';

export class VolunteerDirectory {
  query = $state('');
  sort = $state<SortKey>('name');
  readonly rows = new Resource<DirectoryRow[]>(staff.guard(() => api.getDirectory({ token: staff.token('volunteer') })));
  /** Every doctor, in one call ({ doctors: [] } when the content lists none). */
  readonly doctors = new Resource<DirectoryDoctors>(staff.guard(() => api.getDirectoryDoctors({ token: staff.token('volunteer') })));

  /** Loads the rows and the doctors unless they are already here. */
  ensure(): void {
    if (!this.rows.value && !this.rows.loading) void this.rows.load();
    if (!this.doctors.value && !this.doctors.loading) void this.doctors.load();
  }

  clear(): void {
    this.query = '';
    this.sort = 'name';
    this.rows.value = undefined;
    this.rows.error = undefined;
    this.doctors.value = undefined;
    this.doctors.error = undefined;
  }
}

export const volunteerDirectory = new VolunteerDirectory();
kiosk.onReset(() => volunteerDirectory.clear());
