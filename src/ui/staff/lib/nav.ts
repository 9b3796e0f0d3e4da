/**
 * Moving into, around and out of the staff screens, over the Kiosk's routes: the PIN pad for a
 * role, the role's first screen once unlocked, Home while a session lasts, and Exit (which is the
 * kiosk's full reset: it ends the session and returns to the visitor welcome screen, or on a LAN
 * device to the volunteer code pad).
 */
import { kiosk } from '../../lib/kiosk.svelte';
import { staffHome } from './routes';
import { staff, type StaffRole } from './session.svelte';

/** The kiosk's own screen (not a LAN device): only there can the IT screen be reached. */
export const atKiosk = (): boolean => kiosk.info.value?.viewer !== 'lan-device';
export const onLanDevice = (): boolean => kiosk.info.value?.viewer === 'lan-device';

/** Can this role's PIN pad be opened here? Only with its PIN set; IT only at the kiosk itself. */
export function canUnlock(role: StaffRole): boolean {
  const info = kiosk.info.value;
  if (!info) return false;
  return role === 'it' ? info.staff.it && info.viewer === 'kiosk' : info.staff.volunteer;
}

export function openPad(role: StaffRole): void {
  if (!canUnlock(role)) return;
  if (kiosk.route.name === 'staff-pin' && kiosk.route.role === role) return;
  staff.endedMessage = undefined;
  kiosk.open({ name: 'staff-pin', role });
}

/** After the PIN: the role's first screen, with no way back to the pad. */
export function unlocked(role: StaffRole): void {
  kiosk.enter(staffHome(role));
  // A LAN device could not load the department list before it had the volunteer code.
  if (role === 'volunteer' && kiosk.departments.error) void kiosk.departments.load();
}

/** The PIN pad again for a session that ended on its own. */
export function unlockAgain(role: StaffRole): void {
  kiosk.enter({ name: 'staff-pin', role });
}

/** Home in the control bar: the staff screen's start while a session lasts, else the visitor home. */
export function home(): void {
  if (staff.role) return kiosk.enter(staffHome(staff.role));
  if (onLanDevice()) return kiosk.reset();
  kiosk.goHome();
}

/** Exit: lock, forget, and back to where the kiosk rests. */
export function exit(): void {
  kiosk.reset();
}
