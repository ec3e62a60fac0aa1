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
table.index { table-layout: fixed; margin-bottom: 14px; }
table.index caption { text-align: left; font-weight: 700; padding: 6px 0 4px; }
table.index .col-result { width: 7.5em; }
table.index .col-final-state { width: 17em; }
table.index .col-region { width: 5em; }
table.index .col-dates, table.index .col-training { width: 11.5em; }
table.index .col-file { width: 18%; }
table.index td { overflow-wrap: break-word; }
table.index td.dates { white-space: nowrap; font-variant-numeric: tabular-nums; }
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
table.calendar { width: 100%; font-size: 0.8rem; }
table.calendar td.day { width: 14.28%; }
table.calendar caption { text-align: left; color: #57606a; padding-bottom: 4px; caption-side: top; }
table.calendar th { background: #f6f8fa; border: 1px solid #d0d7de; padding: 3px 4px; font-weight: 700; }
table.calendar th.weekend { background: #eceff3; }
table.calendar td { border: 1px solid #d0d7de; vertical-align: top; padding: 3px 4px 5px; height: 78px; }
.ident { white-space: nowrap; }
td.day.weekend { background: #eceff3; }
td.day.holiday { background: #ffe9c2; }
td.day.margin { background: #fafbfc; color: #57606a; }
td.day.margin.weekend { background: #f1f3f5; }
td.day.training { box-shadow: inset 0 -5px 0 #1a7f37; }
td.day.after-end { background: repeating-linear-gradient(135deg, #f6f8fa 0 6px, #eaeef2 6px 12px); color: #57606a; }
td.day.training.after-end { box-shadow: inset 0 -5px 0 #afb8c1; }
td.day.end { box-shadow: inset 0 0 0 3px #1f2328; }
td.day.end.training { box-shadow: inset 0 0 0 3px #1f2328, inset 0 -5px 0 #1a7f37; }
td.quiet.after-end { background: #eaeef2; }
.swatch.after-end { background: repeating-linear-gradient(135deg, #f6f8fa 0 4px, #d0d7de 4px 8px); }
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
.item.training.not-happened { background: #f6f8fa; border: 1px dashed #8c959f; color: #57606a; }
.item.free { background: #dafbe1; border: 1px dashed #1a7f37; color: #0f5323; }
.item.free .why { display: block; font-size: 0.95em; }
.item.end { background: #1f2328; border-color: #1f2328; color: #ffffff; }
.item .cancellation { display: block; margin-top: 2px; font-weight: 700; }
.item.identity { background: #f6f8fa; border-color: #8c959f; color: #1f2328; }
.flag { font-weight: 700; text-transform: uppercase; letter-spacing: 0.02em; }
.statechart { width: 100%; max-width: 880px; height: auto; display: block; }
.statechart-base { position: absolute; width: 0; height: 0; overflow: hidden; }
.sc-box { fill: #ffffff; stroke: #6e7781; stroke-width: 1.5; }
.sc-box.compound { fill: #f6f8fa; }
.sc-box.visited { fill: #ddf4ff; stroke: #0550ae; stroke-width: 3; }
.sc-box.compound.visited { fill: #f0f7ff; }
.sc-box.current { stroke-width: 4.5; }
.sc-inner { fill: none; stroke: #6e7781; stroke-width: 1.5; }
.sc-inner.visited { stroke: #0550ae; }
.sc-name { font-size: 15px; fill: #24292f; }
.sc-name.visited { font-weight: 700; fill: #0a3069; }
.sc-note { font-size: 11px; fill: #57606a; }
.sc-note.visited { fill: #0a3069; }
.sc-line { fill: none; stroke: #8c959f; stroke-width: 1.4; }
.sc-line.taken { stroke: #0550ae; stroke-width: 3.5; }
.sc-label { font-size: 12px; fill: #57606a; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
.sc-label.taken { fill: #0a3069; font-weight: 700; }
.sc-label-ground { fill: #ffffff; }
.sc-arrowhead { fill: #8c959f; }
.sc-arrowhead.taken { fill: #0550ae; }
.sc-dot { fill: #57606a; }
.sc-dot.taken { fill: #0550ae; }
.sc-initial { fill: none; stroke: #8c959f; stroke-width: 1.4; }
.sc-initial.taken { stroke: #0550ae; stroke-width: 3; }
.sc-table { fill: #ffffff; stroke: #8c959f; stroke-dasharray: 4 3; }
.sc-row { font-size: 11px; fill: #1f2328; }
.sc-row.heading { font-weight: 700; }
.sc-row.taken { fill: #0a3069; }
figure.chart-figure { margin: 0; }
.chart-cols { display: grid; grid-template-columns: minmax(0, 880px) minmax(260px, 1fr); gap: 24px; align-items: start; }
h4.path-heading { margin: 0 0 6px; font-size: 1rem; }
ol.path { margin: 0; padding-left: 1.6em; }
ol.path li { margin-bottom: 3px; }
.back { margin-top: 14px; font-size: 0.9rem; }
@media (max-width: 1100px) { .chart-cols { grid-template-columns: 1fr; } }
@media (max-width: 1100px) { table.calendar { font-size: 0.72rem; } }
@media (max-width: 900px) { .two-cols { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 9pt; line-height: 1.3; }
  .page { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: #1f2328; text-decoration: none; }
  .back { display: none; }
  .legend { font-size: 8pt; gap: 2px 10px; }
  .scenario { border-top-width: 2px; margin-top: 10px; padding-top: 6px; }
  nav.index + .statechart-base + main .scenario:first-child, nav.index + main .scenario:first-child { break-before: page; }
  h1, h2, h3, h4, caption, .legend { break-after: avoid; }
  h3 { margin: 8px 0 4px; }
  .keep, table.calendar tr, ul.items li, table.events tr, table.index tr, .outcome, figure, .chart-cols, table.deadlines { break-inside: avoid; }
  /* Weeks whole, and the last week never alone on a page. */
  table.calendar tbody tr:last-child { break-before: avoid; }
  table.calendar td { height: auto; padding: 2px 3px; }
  .chart-cols { grid-template-columns: 340px 1fr; gap: 12px; }
  .statechart { max-width: 340px; }
  /* The events table repeats the calendar (each event, its time and result); the failures are listed at the top. */
  .events-block { display: none; }
  /* Gradients print as large images: the days after the end are flat grey on paper. */
  td.day.after-end, .swatch.after-end { background: #eef1f4; }
  table.index, table.events, table.deadlines { font-size: 8.5pt; }
  table.index th, table.index td, table.events th, table.events td, table.deadlines th, table.deadlines td { padding: 2px 5px; }
}
`;
