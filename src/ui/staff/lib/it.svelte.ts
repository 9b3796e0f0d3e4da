/**
 * The IT screen's state: the installed content and the contents kept (history: roll back or
 * forward to any of them), the packs found on USB sticks with their verdicts (the list answers at
 * once, new packs as "checking", and is asked again every second while the service still checks
 * some in the background, so nothing waits on a verification; once all have a verdict it is asked
 * again only on Refresh or after a change, so the poll never keeps an unused session open), the chosen pack's
 * verification report, an install running in the background (polled every 300 ms), resetting the
 * anti-rollback record, the audit log and its export to the stick, and the kiosk's health. Every
 * call goes through the IT session; a session the service no longer knows ends here too
 * (staff.guard).
 *
 * `changed` records that different content became live, so the visitor screens reload theirs when
 * the IT screen closes.
 */
import {
  AUDIT_MAX_LIMIT,
  INSTALL_STEPS,
  STAFF_SESSION_IDLE_SECONDS,
  type AuditAction,
  type AuditEntry,
  type AuditExport,
  type AuditResult,
  type ContentHistory,
  type FoundPack,
  type Inspection,
  type InstallJob,
  type KioskHealth,
  type Lang,
  type PackListing,
  type PackPreview,
  type PackStatus,
  type RollbackRecordReset,
  type RollbackResult,
} from '../../../shared';
import { api } from '../../lib/api';
import { messageOf, Resource } from '../../kit/resource.svelte';
import { staff } from './session.svelte';
import { previewFrameUrl } from './pack-preview';

export const POLL_MS = 300;
/** Audit entries the screen reads (and filters). */
export const LOG_LIMIT = AUDIT_MAX_LIMIT;
/** The pack list is asked again this often while packs are still being checked. */
export const LIST_POLL_CHECKING_MS = 1000;

/**
 * The install steps in the order the service reports them; the `prepare` stage that can come
 * before them (built-in content first, on an empty data folder) is not a step of its own here.
 */
export const STAGES = INSTALL_STEPS;

export class ItConsole {
  readonly status = new Resource<PackStatus>(staff.guard(() => api.itStatus({ token: staff.token('it') })));
  readonly packs = new Resource<PackListing>(staff.guard(() => api.itPackList({ token: staff.token('it') })));
  readonly history = new Resource<ContentHistory>(staff.guard(() => api.itHistory({ token: staff.token('it') })));
  readonly health = new Resource<KioskHealth>(staff.guard(() => api.itHealth({ token: staff.token('it') })));
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

  exporting = $state(false);
  exportResult = $state<AuditExport | undefined>();
  exportError = $state<string | undefined>();

  resetting = $state(false);
  resetResult = $state<RollbackRecordReset | undefined>();
  resetError = $state<string | undefined>();

  /** The preview being shown (its frame's address checked: previewFrameUrl), while it is being built, and why it could not be opened. */
  preview = $state<(PackPreview & { frameUrl: string }) | undefined>();
  previewing = $state(false);
  /** The refusal (an ApiError, or 'bad-address'), said in the screen's language by previewRefusal. */
  previewError = $state<unknown>();

  /** Different content became live while the screen was open. */
  changed = false;
  #poll: ReturnType<typeof setTimeout> | undefined;
  #listPoll: ReturnType<typeof setTimeout> | undefined;
  #sessionTimer: ReturnType<typeof setTimeout> | undefined;
  #ticket = 0;
  #disposed = false;

  load(): void {
    void this.status.load();
    void this.history.load();
    void this.health.load();
    void this.log.load();
    void this.loadPacks();
  }

  /** Asks for the pack list now, and again every second while some are still being checked. */
  async loadPacks(): Promise<void> {
    clearTimeout(this.#listPoll);
    await this.packs.load();
    if (this.#disposed || !this.packs.value?.checking) return;
    this.#listPoll = setTimeout(() => void this.loadPacks(), LIST_POLL_CHECKING_MS);
  }

  /** Everything that changes when other content becomes live. */
  #afterSwitch(): void {
    void this.status.load();
    void this.history.load();
    void this.health.load();
    void this.log.load();
    void this.loadPacks();
  }

  /** Picks a pack and checks it; nothing is installed. */
  async inspect(pack: FoundPack): Promise<void> {
    const ticket = ++this.#ticket;
    this.selected = pack;
    this.inspection = undefined;
    this.inspectError = undefined;
    this.previewError = undefined;
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
    this.previewError = undefined;
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
    this.#afterSwitch();
  }

  /** Back to the newest kept version below the live one, or to the kept version `to` (older or newer). */
  async rollback(to?: number): Promise<void> {
    this.rollingBack = true;
    this.rollbackError = undefined;
    this.rollbackResult = undefined;
    this.resetResult = undefined;
    try {
      this.rollbackResult = await staff.guard(() => api.itRollback({ token: staff.token('it'), ...(to === undefined ? {} : { to }) }))();
      this.changed = true;
      this.deselect();
    } catch (e) {
      this.rollbackError = messageOf(e);
    } finally {
      this.rollingBack = false;
      this.#afterSwitch();
    }
  }

  /** Writes the log (of one kind and result, when chosen) to the stick as text in the screen's language. */
  async exportLog(lang: Lang, filter: { action?: AuditAction | undefined; result?: AuditResult | undefined }): Promise<void> {
    this.exporting = true;
    this.exportError = undefined;
    this.exportResult = undefined;
    try {
      this.exportResult = await staff.guard(() =>
        api.itExportAuditLog({
          token: staff.token('it'),
          lang,
          ...(filter.action ? { action: filter.action } : {}),
          ...(filter.result ? { result: filter.result } : {}),
        }),
      )();
    } catch (e) {
      this.exportError = messageOf(e);
    } finally {
      this.exporting = false;
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

  /** Verifies the chosen pack and has the kiosk serve its preview; nothing is installed. */
  async openPreview(): Promise<void> {
    const pack = this.selected;
    if (!pack || this.previewing) return;
    this.previewing = true;
    this.previewError = undefined;
    try {
      const r = await staff.guard(() => api.itPreviewPack({ token: staff.token('it'), file: pack.file }))();
      const frameUrl = previewFrameUrl(r.url);
      if (this.#disposed || this.selected !== pack || !frameUrl) {
        void this.#stopPreview();
        if (!frameUrl) this.previewError = 'bad-address';
        return;
      }
      this.preview = { ...r, frameUrl };
      this.#watchSession();
    } catch (e) {
      this.previewError = e;
    } finally {
      this.previewing = false;
      void this.log.load();
    }
  }

  /**
   * While the preview is open nothing calls the kiosk, so the IT session lapses on the service after
   * its idle time (and the preview with it): the screen ends it too then, frame and all.
   */
  #watchSession(): void {
    clearTimeout(this.#sessionTimer);
    if (!this.preview || this.#disposed) return;
    const left = staff.lastUsed + STAFF_SESSION_IDLE_SECONDS * 1000 - Date.now();
    if (left > 0) {
      this.#sessionTimer = setTimeout(() => this.#watchSession(), left + 250);
      return;
    }
    this.preview = undefined;
    staff.lapse('The IT session has ended after minutes unused, and the preview with it; enter the PIN again.');
  }

  /** Closes the preview and has the kiosk stop serving it. */
  closePreview(): void {
    clearTimeout(this.#sessionTimer);
    if (!this.preview) return;
    this.preview = undefined;
    void this.#stopPreview();
  }

  async #stopPreview(): Promise<void> {
    try {
      await staff.guard(() => api.itStopPreview({ token: staff.token('it') }))();
    } catch {
      // The session has ended: the kiosk stops the preview with it.
    }
  }

  /** Stops following an install (the install itself carries on in the service). */
  dispose(): void {
    this.#disposed = true;
    if (this.preview && staff.has('it')) this.closePreview();
    clearTimeout(this.#poll);
    clearTimeout(this.#listPoll);
    clearTimeout(this.#sessionTimer);
  }
}
