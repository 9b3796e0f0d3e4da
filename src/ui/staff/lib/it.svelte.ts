/**
 * The IT screen's state: the installed content and what is kept for rollback, the packs found on
 * USB sticks, the chosen pack's verification report, an install running in the background (polled
 * every 300 ms), a rollback, resetting the anti-rollback record, and the audit log. Every call goes through the IT session; a session
 * the service no longer knows ends here too (staff.guard).
 *
 * `changed` records that different content became live, so the visitor screens reload theirs when
 * the IT screen closes.
 */
import {
  AUDIT_DEFAULT_LIMIT,
  INSTALL_STEPS,
  type AuditEntry,
  type FoundPack,
  type Inspection,
  type InstallJob,
  type PackStatus,
  type RollbackRecordReset,
  type RollbackResult,
} from '../../../shared';
import { api } from '../../lib/api';
import { messageOf, Resource } from '../../kit/resource.svelte';
import { staff } from './session.svelte';

export const POLL_MS = 300;
/** Audit entries the screen reads. */
export const LOG_LIMIT = AUDIT_DEFAULT_LIMIT;

/**
 * The install steps in the order the service reports them; the `prepare` stage that can come
 * before them (built-in content first, on an empty data folder) is not a step of its own here.
 */
export const STAGES = INSTALL_STEPS;

export class ItConsole {
  readonly status = new Resource<PackStatus>(staff.guard(() => api.itStatus({ token: staff.token('it') })));
  readonly packs = new Resource<FoundPack[]>(staff.guard(() => api.itListPacks({ token: staff.token('it') })));
  readonly log = new Resource<AuditEntry[]>(staff.guard(async () => (await api.itAuditLog({ token: staff.token('it'), limit: LOG_LIMIT })).reverse()));

  /** The pack picked from the list, its report, and a sentence when it could not be checked. */
  selected = $state<FoundPack | undefined>();
  inspection = $state<Inspection | undefined>();
  inspecting = $state(false);
  inspectError = $state<string | undefined>();

  job = $state<InstallJob | undefined>();
  installError = $state<string | undefined>();

  rollingBack = $state(false);
  rollbackResult = $state<RollbackResult | undefined>();
  rollbackError = $state<string | undefined>();

  resetting = $state(false);
  resetResult = $state<RollbackRecordReset | undefined>();
  resetError = $state<string | undefined>();

  /** Different content became live while the screen was open. */
  changed = false;
  #poll: ReturnType<typeof setTimeout> | undefined;
  #ticket = 0;
  #disposed = false;

  load(): void {
    void this.status.load();
    void this.packs.load();
    void this.log.load();
  }

  /** Picks a pack and checks it; nothing is installed. */
  async inspect(pack: FoundPack): Promise<void> {
    const ticket = ++this.#ticket;
    this.selected = pack;
    this.inspection = undefined;
    this.inspectError = undefined;
    this.job = undefined;
    this.installError = undefined;
    this.inspecting = true;
    try {
      const r = await staff.guard(() => api.itInspectPack({ token: staff.token('it'), file: pack.file }))();
      if (ticket === this.#ticket) this.inspection = r;
    } catch (e) {
      if (ticket === this.#ticket) this.inspectError = messageOf(e);
    } finally {
      if (ticket === this.#ticket) this.inspecting = false;
    }
    void this.log.load();
  }

  /** Back to the list of packs. */
  deselect(): void {
    this.#ticket++;
    this.selected = undefined;
    this.inspection = undefined;
    this.inspectError = undefined;
    this.inspecting = false;
    if (this.job?.state !== 'running') {
      this.job = undefined;
      this.installError = undefined;
    }
  }

  /** Starts installing the chosen pack and follows it until it is done or refused. */
  async install(): Promise<void> {
    const pack = this.selected;
    if (!pack || this.job?.state === 'running') return;
    this.installError = undefined;
    this.rollbackResult = undefined;
    try {
      this.job = await staff.guard(() => api.itInstallPack({ token: staff.token('it'), file: pack.file }))();
      this.#follow();
    } catch (e) {
      this.installError = messageOf(e);
    }
  }

  #follow(): void {
    clearTimeout(this.#poll);
    const job = this.job;
    if (!job || this.#disposed) return;
    if (job.state !== 'running') return this.#finished(job);
    this.#poll = setTimeout(async () => {
      try {
        this.job = await staff.guard(() => api.itInstallJob({ token: staff.token('it'), id: job.id }))();
        this.#follow();
      } catch (e) {
        this.installError = messageOf(e);
      }
    }, POLL_MS);
  }

  #finished(job: InstallJob): void {
    if (job.state === 'done' && job.result?.status === 'installed') this.changed = true;
    void this.status.load();
    void this.log.load();
  }

  async rollback(): Promise<void> {
    this.rollingBack = true;
    this.rollbackError = undefined;
    this.rollbackResult = undefined;
    this.resetResult = undefined;
    try {
      this.rollbackResult = await staff.guard(() => api.itRollback({ token: staff.token('it') }))();
      this.changed = true;
      this.deselect();
    } catch (e) {
      this.rollbackError = messageOf(e);
    } finally {
      this.rollingBack = false;
      void this.status.load();
      void this.log.load();
    }
  }

  /** Sets the anti-rollback record back to the live content (the service logs it). */
  async resetRecord(): Promise<void> {
    this.resetting = true;
    this.resetError = undefined;
    this.resetResult = undefined;
    this.rollbackResult = undefined;
    try {
      this.resetResult = await staff.guard(() => api.itResetRollbackRecord({ token: staff.token('it') }))();
    } catch (e) {
      this.resetError = messageOf(e);
    } finally {
      this.resetting = false;
      void this.status.load();
      void this.log.load();
    }
  }

  /** Stops following an install (the install itself carries on in the service). */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#poll);
  }
}
