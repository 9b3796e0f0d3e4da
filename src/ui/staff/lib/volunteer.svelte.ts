/**
 * Volunteer mode's directory state, kept while the session lasts so that the filter, the sort
 * and the rows are still there when the volunteer comes back from a "show the patient" card.
 * Cleared by the kiosk's reset (Exit, idle), like every other choice made at the screen.
 */
import type { DirectoryRow } from '../../../shared';
import { api } from '../../lib/api';
import { kiosk } from '../../lib/kiosk.svelte';
import { Resource } from '../../kit/resource.svelte';
import type { SortKey } from './directory';
import { staff } from './session.svelte';

export class VolunteerDirectory {
  query = $state('');
  sort = $state<SortKey>('name');
  readonly rows = new Resource<DirectoryRow[]>(staff.guard(() => api.getDirectory({ token: staff.token('volunteer') })));

  /** Loads the rows unless they are already here. */
  ensure(): void {
    if (!this.rows.value && !this.rows.loading) void this.rows.load();
  }

  clear(): void {
    this.query = '';
    this.sort = 'name';
    this.rows.value = undefined;
    this.rows.error = undefined;
  }
}

export const volunteerDirectory = new VolunteerDirectory();
kiosk.onReset(() => volunteerDirectory.clear());
