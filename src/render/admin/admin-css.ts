/**
 * The newsroom's stylesheet: plain and dense, light only (so every colour pair below is checked
 * once for WCAG AA), a visible focus ring on everything that takes focus, and tables that
 * become stacked cards on a phone.
 */
export const adminCss = `
:root{color-scheme:light;--bg:#fff;--fg:#1a1a1a;--muted:#545454;--line:#d0d0d0;--soft:#f4f5f7;--accent:#0b57a4;--accent-dark:#083f78;--danger:#a3231b;--ok:#1e5631;
--font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 var(--font)}
a{color:var(--accent);text-underline-offset:.15em}
a:hover{color:var(--accent-dark)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
input:focus-visible,select:focus-visible,textarea:focus-visible{outline-offset:0}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.bar{background:#1f2a37;color:#fff}
.bar .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding-top:.5rem;padding-bottom:.5rem}
.bar a,.bar .linkish{color:#fff}
.bar :focus-visible{outline-color:#ffd33d}
.brand{font-weight:700;text-decoration:none;margin-right:.5rem}
.bar nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.bar nav a{text-decoration:none;padding:.25rem 0;display:inline-block}
.bar nav a:hover,.bar nav a[aria-current=page]{text-decoration:underline;text-decoration-thickness:2px}
.who{margin-left:auto;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;font-size:.9rem}
.who form{margin:0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}
.facts dt{font-weight:600}
.facts dd{margin:0}
.linkish{background:none;border:0;padding:.25rem 0;font:inherit;text-decoration:underline;cursor:pointer;color:var(--accent)}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
main.wrap{padding-top:1.5rem;padding-bottom:3rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
.head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;margin-bottom:1rem}
.head h1{margin:0}
.button,button{display:inline-block;font:inherit;font-weight:600;line-height:1.2;padding:.55rem 1rem;border-radius:.3rem;border:1px solid var(--accent);background:var(--accent);color:#fff;text-decoration:none;cursor:pointer;min-height:2.5rem}
.button:hover,button:hover{background:var(--accent-dark);color:#fff}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.secondary:hover{background:var(--soft);color:var(--accent-dark)}
button.danger{background:#fff;color:var(--danger);border-color:var(--danger)}
button.linkish{min-height:0;border:0;background:none;font-weight:400;padding:.25rem 0}
button.linkish:hover{background:none;color:var(--accent-dark)}
.bar button.linkish,.bar button.linkish:hover{color:#fff}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=file],select,textarea{font:inherit;width:100%;max-width:28rem;padding:.5rem .6rem;border:1px solid #767676;border-radius:.3rem;background:#fff;color:var(--fg);min-height:2.5rem}
.field{margin:0 0 1rem}
.hint{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
.check{display:flex;align-items:center;gap:.5rem;font-weight:600}
.check input{width:1.25rem;height:1.25rem;margin:0}
.filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.75rem 1rem;padding:1rem;background:var(--soft);border:1px solid var(--line);border-radius:.4rem;margin-bottom:1rem}
.filters .field{margin:0;flex:1 1 12rem}
.filters .check{flex:0 0 auto;padding-bottom:.5rem}
fieldset{border:1px solid var(--line);border-radius:.4rem;padding:1rem;margin:0 0 1.5rem}
legend{font-weight:700;padding:0 .25rem}
details.upload{margin:0 0 1.5rem}
details.upload summary{display:inline-block;cursor:pointer;font-weight:600;color:var(--accent);padding:.5rem 0;margin-bottom:.5rem}
details.upload summary:hover{color:var(--accent-dark)}
.notice{padding:.75rem 1rem;border-left:4px solid var(--accent);background:#eef4fb;margin:0 0 1rem}
.notice.error{border-color:var(--danger);background:#fdeeee}
.notice.ok{border-color:var(--ok);background:#e9f5ec}
.secret{display:inline-block;font:600 1.1rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#fff;border:1px dashed var(--fg);padding:.25rem .5rem;user-select:all;word-break:break-all}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.5rem .6rem;border-bottom:1px solid var(--line)}
th{font-size:.875rem;color:var(--muted);font-weight:600}
td form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0}
td select{width:auto}
.muted{color:var(--muted)}
.small{font-size:.875rem}
time{font-variant-numeric:tabular-nums}
.status{display:inline-block;font-size:.8rem;font-weight:600;padding:.1rem .5rem;border-radius:1rem;border:1px solid currentColor;white-space:nowrap}
.status-draft{color:#3d3d3d;background:#f0f0f0}
.status-review{color:#6b4100;background:#fff4d6}
.status-scheduled{color:#0b3d91;background:#e8f0fe}
.status-published{color:#1e5631;background:#e6f4ea}
.status-unpublished{color:#8a1c1c;background:#fde8e8}
.items{list-style:none;margin:0;padding:0}
.items li{padding:.5rem 0;border-bottom:1px solid var(--line)}
.items .meta{display:block;color:var(--muted);font-size:.875rem}
.panels{display:grid;gap:0 2rem;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr))}
.pager ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:1rem 0}
.media-grid{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr))}
.media-grid li{border:1px solid var(--line);border-radius:.4rem;overflow:hidden;background:var(--soft)}
.media-grid img{display:block;width:100%;aspect-ratio:3/2;object-fit:contain;background:var(--line)}
.media-grid .text{padding:.5rem .75rem;font-size:.9rem}
.media-grid p{margin:.25rem 0}
.login{max-width:26rem;margin:2rem auto}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){
.who{margin-left:0;width:100%}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.5rem 0}
table.stack td{display:block;border:0;padding:.15rem 0}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.875rem}
}
`;
