/**
 * The kiosk's shared state: language, text size, the current screen and the way back to earlier
 * ones, and what has been loaded from the KioskApi (the hospital and the department list).
 * Screens read it and call its methods; only this class changes it.
 */
import type { DepartmentSummary, KioskInfo, Lang, LText } from '../../shared';
import { api } from './api';
import { t, tf, type FnKey, type TextKey } from './i18n';
import { Resource } from '../kit/resource.svelte';
import { isStaffRoute, type StaffRoute } from '../staff/lib/routes';
import { staff } from '../staff/lib/session.svelte';

export type Route =
  | { name: 'welcome' }
  | { name: 'home' }
  | { name: 'directory' }
  | { name: 'department'; id: string }
  | { name: 'search' }
  | { name: 'symptoms' }
  /** A place or facility (toilets, pharmacy...) with the way there. */
  | { name: 'place'; id: string }
  /** Visitor information: hours, registration, visiting. */
  | { name: 'info' }
  | StaffRoute;

interface HistoryEntry {
  route: Route;
  /** Where the screen was scrolled to, restored when the visitor comes back to it. */
  scroll: number;
}

export class Kiosk {
  lang = $state<Lang>('zh');
  largeText = $state(false);
  /** High-contrast colours (7:1): black ground, white and yellow text. */
  highContrast = $state(false);
  /** Low-reach layout for seated visitors: controls and content start low on the screen. */
  lowReach = $state(false);
  route = $state<Route>({ name: 'welcome' });
  /** The scroll position the shell should show for the current route. */
  scrollTarget = $state(0);
  #history = $state<HistoryEntry[]>([]);
  #langChosen = false;

  /** When the content generation was last read from the kiosk service (performance.now()). */
  #infoAt = -Infinity;

  /**
   * The hospital, the settings and the content generation. When it was read is noted as it
   * arrives, before the screens that wait for it run: the welcome screen's first content check
   * then knows it was only just read and does not ask again while the first screen is drawn.
   */
  readonly info = new Resource<KioskInfo>(() =>
    api.getInfo({}).then((info) => {
      this.#infoAt = performance.now();
      return info;
    }),
  );
  readonly departments = new Resource<DepartmentSummary[]>(() => api.listDepartments({}));

  /** Changes whenever different content is taken up: the shell draws the screen again (a preview's edits show at once). */
  contentKey = $state(0);

  /** Set by the shell: how far the current screen is scrolled. */
  scrollPosition: () => number = () => 0;

  readonly canGoBack = $derived(this.#history.length > 0);
  /** A staff screen (PIN pad, IT, volunteer) is shown: the visitor's own controls and modes stand aside. */
  readonly onStaffScreen = $derived(isStaffRoute(this.route));
  /**
   * Large text and low reach as drawn: a visitor's choices, which staff screens (dense, and laid
   * out for staff standing at the kiosk) are drawn without. They come back on the visitor screens.
   */
  readonly shownLargeText = $derived(this.largeText && !this.onStaffScreen);
  readonly shownLowReach = $derived(this.lowReach && !this.onStaffScreen);

  /** A UI string in the current language. */
  t = (key: TextKey): string => t(this.lang, key);
  /** A UI sentence with parameters in the current language. */
  f = <K extends FnKey>(key: K) => tf(this.lang, key);
  /** A content text in the current language. */
  text = (v: LText): string => v[this.lang];

  /**
   * Loads what every screen needs; the default language comes from the kiosk's settings. The
   * welcome screen needs only the hospital and the settings: the department list (5 MB of JSON at
   * 10,000 departments, parsed on the page's own thread) is asked for once it has been drawn.
   */
  async boot(): Promise<void> {
    await this.loadInfo();
    const rest = this.restRoute();
    if (this.route.name === 'welcome' && rest.name !== 'welcome') this.route = rest;
    await new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn)));
    if (this.departments.value === undefined && !this.departments.loading) await this.departments.load();
  }

  /** Where the kiosk rests: the welcome screen, or on a LAN device the volunteer code pad. */
  restRoute(): Route {
    return this.info.value?.viewer === 'lan-device' ? { name: 'staff-pin', role: 'volunteer' } : { name: 'welcome' };
  }

  /** Opens a screen as a fresh start, with no way back (a staff screen after its PIN). */
  enter(route: Route): void {
    this.#history = [];
    this.route = route;
    this.scrollTarget = 0;
  }

  async loadInfo(): Promise<void> {
    await this.info.load();
    const settings = this.info.value?.settings;
    if (settings && !this.#langChosen) this.lang = settings.defaultLanguage;
  }

  /**
   * Takes up different content once it is live (installed from the command line, the IT screen or
   * the pack watcher): reloads the hospital and the department list when the content generation
   * has changed. The shell calls it only on the welcome screen, so nothing changes under a
   * visitor's finger. True when new content was taken up.
   */
  async refreshContent(): Promise<boolean> {
    const before = this.info.value?.content.generation;
    const preview = !!this.info.value?.preview;
    // Just read (the kiosk has only now started): asking again would tell nothing new.
    if (before === undefined || (!preview && performance.now() - this.#infoAt < 1000)) return false;
    let next: KioskInfo;
    try {
      next = await api.getInfo({});
      this.#infoAt = performance.now();
    } catch {
      return false; // not answering for a moment: the next call tries again
    }
    if (this.info.value?.content.generation !== before) return false;
    if (next.content.generation === before) {
      // A preview's report changes without new content (an edit that does not pass its check).
      const was = this.info.value?.preview;
      if (next.preview && (was?.ok !== next.preview.ok || was?.problems !== next.preview.problems)) this.info.value = next;
      return false;
    }
    this.info.value = next;
    await this.departments.load();
    this.contentKey++;
    return true;
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.#langChosen = true;
  }

  toggleLargeText(): void {
    this.largeText = !this.largeText;
  }

  toggleHighContrast(): void {
    this.highContrast = !this.highContrast;
  }

  toggleLowReach(): void {
    this.lowReach = !this.lowReach;
  }

  #resetHooks: (() => void)[] = [];

  /** Registers state of its own (search, map, open panels) to be cleared by reset(). */
  onReset(hook: () => void): void {
    this.#resetHooks.push(hook);
  }

  /** From the welcome screen to the home screen. */
  start(): void {
    this.#history = [];
    this.route = { name: 'home' };
    this.scrollTarget = 0;
    if (this.departments.error) void this.departments.load();
  }

  /** Opens a screen; Back returns to the one before, scrolled as it was. */
  open(route: Route): void {
    this.#history.push({ route: this.route, scroll: this.scrollPosition() });
    this.route = route;
    this.scrollTarget = 0;
  }

  back(): void {
    const prev = this.#history.pop();
    if (!prev) return this.goHome();
    this.route = prev.route;
    this.scrollTarget = prev.scroll;
  }

  goHome(): void {
    this.#history = [];
    this.route = { name: 'home' };
    this.scrollTarget = 0;
  }

  /** Back to the welcome screen with every choice a visitor made undone. */
  reset(): void {
    staff.end();
    this.#history = [];
    this.route = this.restRoute();
    this.scrollTarget = 0;
    this.largeText = false;
    this.highContrast = false;
    this.lowReach = false;
    for (const hook of this.#resetHooks) hook();
    this.#langChosen = false;
    this.lang = this.info.value?.settings.defaultLanguage ?? 'zh';
  }
}

export const kiosk = new Kiosk();
