export { dossierViewOf, htmlReportOf } from './page.js';
export { REPORT_CSS } from './style.js';
export type { HtmlReportOptions } from './page.js';
export { escapeHtml } from './html.js';
export { endOf, timelineOf, timelineItemsOf } from './timeline.js';
export type { Timeline, TimelineDay, TimelineItem, TimelineRow } from './timeline.js';
export { dossierPathOf, layoutOf, statechartBaseSvg, statechartSvg, edgesOf } from './statechart.js';
export type { DossierPath, ChartLayout } from './statechart.js';
