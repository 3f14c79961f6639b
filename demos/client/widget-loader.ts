/**
 * How a demo's chunks are loaded, wherever its widget is shown: the deck's run panels
 * (plugin.ts) and the phone remote's demo card (slides/remote/demo-card.ts), so both draw
 * the same widget, with the same fallback.
 */
import type { DemoManifest } from '../define-demo.ts';
import type { WidgetDefinition } from './define-widget.ts';
import type { CreateWidget, DemoWidget, WidgetHost } from './widget-contract.ts';

/** DemoLoaders load one demo's chunks: its manifest (title, schemas, recording keys) and its widget, if it has one. */
export interface DemoLoaders {
  manifest: () => Promise<{ default: DemoManifest }>;
  widget?: () => Promise<{ default: WidgetDefinition | CreateWidget }>;
}

/**
 * createWidgetFor loads the demo's own widget (a defineWidget definition, mounted in the
 * widget shell), or the generic log widget when it has none or it fails.
 */
export async function createWidgetFor(demo: string, loaders: DemoLoaders | undefined, host: WidgetHost, print = false): Promise<DemoWidget> {
  const loader = loaders?.widget;
  if (loader) {
    try {
      const module = await loader();
      const definition = module.default;
      if (typeof definition === 'function') return await definition(host);
      const { mountWidgetShell } = await import('./widget-shell.ts');
      return mountWidgetShell(definition, host, { print });
    } catch (err) {
      // A broken widget still leaves the run visible through the log widget.
      console.warn(`widget for "${demo}" failed, using the log widget:`, err);
    }
  }
  const { default: createLogWidget } = await import('./log-widget.ts');
  return createLogWidget(host);
}
