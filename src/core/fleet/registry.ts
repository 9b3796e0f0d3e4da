/**
 * The facts of ./metrics.ts as Prometheus text (prom-client): apart from them, so that the kiosk
 * loads prom-client on the first scrape of /metrics, not while it starts.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { HealthFacts } from './metrics.js';

const seconds = (iso: string | null): number | undefined => (iso ? Date.parse(iso) / 1000 : undefined);

/** A prom-client registry whose every value is read from `facts()` at each scrape. */
export function metricsRegistry(facts: () => HealthFacts): Registry {
  const registry = new Registry();
  let current: HealthFacts | undefined;
  // One read of the facts per scrape: the first metric collected takes them.
  const f = () => (current ??= facts());
  const gauge = (
    name: string,
    help: string,
    value: (h: HealthFacts) => number | undefined | null,
    labelNames: string[] = [],
    labels?: (h: HealthFacts) => Record<string, string>,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        const h = f();
        const v = value(h);
        if (v === undefined || v === null || !Number.isFinite(v)) return;
        if (labels) this.set(labels(h), v);
        else this.set(v);
      },
    });
  const counter = (name: string, help: string, label: string, values: (h: HealthFacts) => Record<string, number>, always: readonly string[] = []) =>
    new Counter({
      name,
      help,
      labelNames: label ? [label] : [],
      registers: [registry],
      collect() {
        this.reset();
        const v = values(f());
        for (const k of always) this.inc({ [label]: k }, 0);
        for (const [k, n] of Object.entries(v)) {
          if (label) this.inc({ [label]: k }, n);
          else this.inc(n);
        }
      },
    });

  gauge(
    'kiosk_info',
    'Which kiosk this is: its id, site, rollout ring and app version (always 1).',
    () => 1,
    ['kiosk_id', 'site', 'ring', 'app_version'],
    (h) => ({ kiosk_id: h.kioskId, site: h.site, ring: h.ring, app_version: h.appVersion }),
  );
  gauge(
    'kiosk_content_info',
    'The content live on the kiosk: its pack id and version (always 1).',
    (h) => (h.content ? 1 : undefined),
    ['pack_id', 'version'],
    (h) => ({ pack_id: h.content!.packId, version: String(h.content!.version) }),
  );
  gauge('kiosk_content_version', 'The version of the content live on the kiosk (0 for the built-in content).', (h) => h.content?.version);
  gauge('kiosk_content_created_timestamp_seconds', 'When the live content pack was made, in seconds since the epoch.', (h) =>
    seconds(h.content?.created ?? null),
  );
  gauge('kiosk_update_last_check_timestamp_seconds', 'When the kiosk last checked its fleet repository, in seconds since the epoch.', (h) =>
    seconds(h.updates.lastCheck),
  );
  gauge(
    'kiosk_update_last_success_timestamp_seconds',
    'When a check of the fleet repository last succeeded (verified, up to date or a pack taken), in seconds since the epoch.',
    (h) => seconds(h.updates.lastSuccess),
  );
  gauge('kiosk_update_last_install_timestamp_seconds', 'When a pack from the fleet repository was last installed, in seconds since the epoch.', (h) =>
    seconds(h.updates.lastInstall),
  );
  gauge('kiosk_update_consecutive_failures', 'Fleet update checks failed in a row (0 after a success).', (h) => h.updates.consecutiveFailures);
  gauge('kiosk_update_warning', 'A warning is standing: the repository metadata expired, or the clock is far off (1), or not (0).', (h) =>
    h.updates.warning ? 1 : 0,
  );
  gauge('kiosk_update_configured', 'A fleet repository is set (updateUrl) (1), or not (0).', (h) => (h.updates.url ? 1 : 0));
  counter('kiosk_update_failures_total', 'Fleet update checks that failed, by reason.', 'reason', (h) => h.updates.failures, [
    'offline',
    'timeout',
    'expired',
    'signature',
    'mismatch',
    'pack-refused',
  ]);
  gauge('kiosk_start_time_seconds', 'When the kiosk process started, in seconds since the epoch.', (h) => seconds(h.startedAt));
  gauge('kiosk_uptime_seconds', 'How long the kiosk has been running.', (h) => h.uptimeSeconds);
  counter('kiosk_renderer_restarts_total', 'Times the kiosk reloaded its UI after a crash or hang.', '', (h) => ({ '': h.rendererRestarts }));
  counter('kiosk_api_errors_total', 'Kiosk API calls that ended in an error, by error code.', 'code', (h) => h.apiErrors, ['internal']);
  gauge('kiosk_data_folder_free_bytes', 'Free space for the kiosk in its data folder’s file system.', (h) => h.dataFolderFreeBytes);
  gauge('kiosk_seconds_since_last_touch', 'Seconds since someone last used the kiosk.', (h) => h.secondsSinceLastTouch);
  counter('kiosk_visitor_searches_total', 'Searches visitors made (one per query typed).', '', (h) => ({ '': h.visitors.searches }));
  counter('kiosk_visitor_searches_no_result_total', 'Visitor searches that found nothing.', '', (h) => ({ '': h.visitors.searchesNoResult }));
  counter('kiosk_visitor_department_views_total', 'Department pages opened.', '', (h) => ({ '': h.visitors.departmentViews }));

  const metrics = registry.metrics.bind(registry);
  registry.metrics = async () => {
    current = undefined;
    try {
      return await metrics();
    } finally {
      current = undefined;
    }
  };
  return registry;
}
