/**
 * The report's only style sheet, inlined in the page. Every text colour is chosen for a
 * contrast of at least 4.5:1 on the background it sits on (the browser test checks it);
 * meaning never rests on colour alone: each mark also has a symbol and a word.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 15px; line-height: 1.45; color: #1f2328; background: #ffffff; }
.page { max-width: 1240px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.35rem; margin: 0 0 6px; }
h3 { font-size: 1.1rem; margin: 22px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 3px; }
a { color: #0550ae; }
a:focus-visible { outline: 3px solid #0550ae; outline-offset: 2px; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
.muted { color: #57606a; }
.summary { margin: 4px 0 16px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-weight: 700; font-size: 0.85em; border: 1px solid currentColor; white-space: nowrap; vertical-align: 2px; }
.badge.pass { background: #dafbe1; color: #116329; }
.badge.fail { background: #ffebe9; color: #a40e26; }
.badge.invalid { background: #fff8c5; color: #6a4a00; }
nav.index { margin: 8px 0 28px; }
table { border-collapse: collapse; }
table.index, table.events, table.deadlines { width: 100%; font-size: 0.92rem; }
table.index th, table.index td, table.events th, table.events td, table.deadlines th, table.deadlines td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #d0d7de; }
table.index thead th, table.events thead th, table.deadlines thead th { background: #f6f8fa; }
.scenario { border-top: 4px solid #1f2328; padding-top: 14px; margin-top: 28px; }
.scenario.failed { border-top-color: #a40e26; }
.meta { margin: 2px 0; color: #57606a; }
.description { max-width: 80ch; }
.failures { background: #ffebe9; border: 1px solid #a40e26; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.failures ul { margin: 4px 0 0; padding-left: 0; list-style: none; }
.outcome { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
.outcome dt { font-weight: 700; }
.outcome dd { margin: 0; }
.two-cols { display: grid; grid-template-columns: minmax(260px, 1fr) minmax(300px, 1.2fr); gap: 24px; align-items: start; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 0 0 8px; padding: 0; list-style: none; font-size: 0.85rem; }
.legend li { display: flex; align-items: center; gap: 5px; }
.swatch { display: inline-block; width: 18px; height: 14px; border: 1px solid #8c959f; }
.swatch.weekend { background: #eceff3; }
.swatch.holiday { background: #ffe9c2; }
.swatch.training { background: #ffffff; border-bottom: 4px solid #1a7f37; }
table.calendar { width: 100%; table-layout: fixed; font-size: 0.8rem; }
table.calendar caption { text-align: left; color: #57606a; padding-bottom: 4px; caption-side: top; }
table.calendar th { background: #f6f8fa; border: 1px solid #d0d7de; padding: 3px 4px; font-weight: 700; }
table.calendar th.weekend { background: #eceff3; }
table.calendar td { border: 1px solid #d0d7de; vertical-align: top; padding: 3px 4px 5px; height: 78px; overflow-wrap: anywhere; }
td.day.weekend { background: #eceff3; }
td.day.holiday { background: #ffe9c2; }
td.day.margin { background: #fafbfc; color: #57606a; }
td.day.margin.weekend { background: #f1f3f5; }
td.day.training { box-shadow: inset 0 -5px 0 #1a7f37; }
td.quiet { height: auto; text-align: center; color: #57606a; font-style: italic; background: #fafbfc; }
.date { display: flex; justify-content: space-between; gap: 4px; font-weight: 700; }
.date .month { font-weight: 400; }
.dayoff { font-size: 0.95em; }
.holiday-name { font-weight: 700; color: #6b3a00; }
td.day.margin .holiday-name { color: #6b3a00; }
.training-label { color: #116329; font-size: 0.9em; }
ul.items { list-style: none; margin: 3px 0 0; padding: 0; display: flex; flex-direction: column; gap: 3px; }
ul.items li { border-radius: 4px; padding: 2px 4px; border: 1px solid transparent; line-height: 1.3; }
.item .time { font-variant-numeric: tabular-nums; font-weight: 700; }
.item.event { background: #ddf4ff; border-color: #54aeff; color: #0a3069; }
.item.rejection { background: #ffebe9; border-color: #cf222e; border-left-width: 4px; color: #82071e; }
.item.late { background: #fff8c5; border-color: #bf8700; border-left-width: 4px; color: #1f2328; }
.item.deadline { background: #fbefff; border: 1px dashed #8250df; color: #512a97; }
.item.deadline .name { display: block; }
.item.deadline .status { display: block; font-size: 0.95em; }
.item.deadline.overdue { background: #ffebe9; border: 2px solid #cf222e; color: #82071e; }
.item.deadline.late { background: #fff8c5; border: 2px solid #bf8700; color: #1f2328; }
.item.deadline.expired, .item.deadline.passed { background: #fff1e5; border: 2px solid #bc4c00; color: #762c00; }
.item.deadline.unused, .item.deadline.later { background: #f6f8fa; border-color: #8c959f; color: #57606a; }
.item.passed { background: #fff1e5; border-color: #bc4c00; color: #762c00; }
.item.training { background: #dafbe1; border-color: #1a7f37; color: #0f5323; }
.item.identity { background: #f6f8fa; border-color: #8c959f; color: #1f2328; }
.flag { font-weight: 700; text-transform: uppercase; letter-spacing: 0.02em; }
.statechart { width: 100%; max-width: 880px; height: auto; display: block; }
.statechart .state rect { fill: #ffffff; stroke: #6e7781; stroke-width: 1.5; }
.statechart .state.compound > rect { fill: #f6f8fa; }
.statechart .state .name { font-size: 15px; fill: #24292f; }
.statechart .state .note { font-size: 11px; fill: #57606a; }
.statechart .state.visited > rect { fill: #ddf4ff; stroke: #0550ae; stroke-width: 3; }
.statechart .state.compound.visited > rect { fill: #f0f7ff; }
.statechart .state.visited .name { font-weight: 700; fill: #0a3069; }
.statechart .state.visited .note { fill: #0a3069; }
.statechart .state.current > rect { stroke-width: 4.5; }
.statechart .state rect.inner { fill: none; stroke-width: 1.5; }
.statechart .edge .line { fill: none; stroke: #8c959f; stroke-width: 1.4; }
.statechart .edge .label { font-size: 12px; fill: #57606a; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
.statechart .edge.taken .line { stroke: #0550ae; stroke-width: 3.5; }
.statechart .edge.taken .label { fill: #0a3069; font-weight: 700; }
.statechart .arrowhead { fill: #8c959f; }
.statechart .arrowhead-taken { fill: #0550ae; }
.statechart .initial circle { fill: #57606a; }
.statechart .initial path { fill: none; stroke: #8c959f; stroke-width: 1.4; }
.statechart .initial.taken circle { fill: #0550ae; }
.statechart .initial.taken path { stroke: #0550ae; stroke-width: 3; }
figure.chart-figure { margin: 0; }
.chart-cols { display: grid; grid-template-columns: minmax(0, 880px) minmax(260px, 1fr); gap: 24px; align-items: start; }
h4.path-heading { margin: 0 0 6px; font-size: 1rem; }
ol.path { margin: 0; padding-left: 1.6em; }
ol.path li { margin-bottom: 3px; }
.back { margin-top: 14px; font-size: 0.9rem; }
@media (max-width: 1100px) { .chart-cols { grid-template-columns: 1fr; } }
@media (max-width: 900px) { .two-cols { grid-template-columns: 1fr; } table.calendar { font-size: 0.72rem; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: #1f2328; text-decoration: none; }
  .back { display: none; }
  .scenario { border-top-width: 2px; }
  .scenario + .scenario { break-before: page; }
  nav.index + main .scenario:first-child { break-before: page; }
  table.calendar tr, ul.items li, table.events tr, .outcome, figure { break-inside: avoid; }
  table.calendar td { height: auto; min-height: 50px; }
  .statechart { max-width: 640px; }
}
`;
