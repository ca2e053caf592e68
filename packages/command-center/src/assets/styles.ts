// The stylesheet, built into the package (no CDN, no web fonts): system fonts, and status colours that
// always sit beside the status in words.
export const STYLES = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --info: #0969da; --other: #8250df; --focus: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #30363d; --panel: #161b22;
  --ok: #3fb950; --warn: #d29922; --bad: #f85149; --info: #58a6ff; --other: #bc8cff; --focus: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--info); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 2; }
header { display: flex; gap: 1.5rem; align-items: baseline; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--panel); flex-wrap: wrap; }
header .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
header nav { display: flex; gap: 1rem; }
main { padding: 1rem 1.2rem 3rem; max-width: 1200px; }
h1 { font-size: 1.35rem; margin: .4rem 0 .8rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
.banner { padding: .5rem 1.2rem; border-bottom: 1px solid var(--line); }
.banner.ok { border-left: 6px solid var(--ok); } .banner.bad { border-left: 6px solid var(--bad); font-weight: 600; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--panel); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--panel); padding: .5rem; margin: .3rem 0; max-height: 18rem; overflow: auto; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; border: 1px solid currentColor; font-size: .85em; white-space: nowrap; }
.badge::before { content: ""; display: inline-block; width: .55em; height: .55em; border-radius: 50%; background: currentColor; margin-right: .35em; }
.tone-ok { color: var(--ok); } .tone-warn { color: var(--warn); } .tone-bad { color: var(--bad); } .tone-info { color: var(--info); } .tone-other { color: var(--other); } .tone-muted { color: var(--muted); }
.action { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; }
.action h3 { font-size: 1rem; margin: 0 0 .3rem; display: flex; gap: .6rem; flex-wrap: wrap; align-items: baseline; }
.event { padding: .3rem .8rem; color: var(--muted); border-left: 3px solid var(--line); margin: .4rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .3rem 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.diff td.changed { font-weight: 600; }
.diff .was { text-decoration: line-through; color: var(--bad); } .diff .now { color: var(--ok); }
form.inline { display: inline; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: .6rem 0; }
label { margin-right: .8rem; }
input, select, button, textarea { font: inherit; }
input[type=text], input[type=search], input[type=datetime-local], select, textarea { padding: .25rem .4rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
button, .button { padding: .35rem .9rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); cursor: pointer; text-decoration: none; display: inline-block; }
button.primary { background: var(--bad); border-color: var(--bad); color: #fff; font-weight: 600; }
button:disabled { opacity: .55; cursor: not-allowed; }
.filters { display: flex; gap: .6rem; flex-wrap: wrap; align-items: end; }
.filters label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); margin: 0; }
.pager { display: flex; gap: 1rem; margin: .8rem 0; }
progress { width: 20rem; max-width: 100%; }
.notice { padding: .5rem .8rem; border-left: 4px solid var(--warn); background: var(--panel); margin: .6rem 0; }
.error { white-space: pre-line; padding: .5rem .8rem; border-left: 4px solid var(--bad); background: var(--panel); margin: .6rem 0; }
`;
