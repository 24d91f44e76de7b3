import { surfaceCss } from './surface-css.js';

/**
 * The article editor's own rules, on top of the newsroom stylesheet (admin-css.ts): two columns
 * on a wide screen, one on a phone; large touch targets; a visible focus ring everywhere.
 */
export const editorCss = `
[hidden]{display:none!important}
html{scroll-padding-top:6rem}
.editor-page main{padding-top:0}
.editor-head{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;margin:0 0 .75rem;padding:.5rem 0;position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line)}
.editor-head h1{margin:0;flex:1 1 12rem;font-size:1.3rem}
@media (max-width:40rem){.editor-head h1{font-size:1.1rem}.shortcuts{display:none}}
.check input{flex:none}
.save-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem .75rem}
.save-status{margin:0;color:var(--muted);font-size:.9rem;min-width:10rem}
.save-status[data-kind=ok]{color:var(--ok)}
.save-status[data-kind=error]{color:var(--danger);font-weight:600}
.editor-grid{display:grid;gap:1rem 2rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:64rem){.editor-grid{grid-template-columns:minmax(0,1fr) 22rem}}
.editor-main input[type=text],.editor-main input[type=url],.editor-main textarea,.editor-main select{max-width:none}
.editor-side input[type=text],.editor-side input[type=search],.editor-side select,.editor-side input[type=datetime-local]{max-width:none;width:100%}
input[type=url],input[type=datetime-local]{font:inherit;width:100%;padding:.5rem .6rem;border:1px solid #767676;border-radius:.3rem;background:#fff;color:var(--fg);min-height:2.5rem}
textarea{resize:vertical;line-height:1.5}
.title-input{font-size:1.4rem;font-weight:700;line-height:1.3}
[aria-invalid=true]{border-color:var(--danger)!important;box-shadow:0 0 0 2px #fdeeee}
.alerts:empty{display:none}
.alerts p{margin:0 0 1rem;padding:.75rem 1rem;border-left:4px solid var(--danger);background:#fdeeee}
.presence{padding:.5rem 1rem;background:#fff4d6;border-left:4px solid #6b4100;margin:0 0 1rem}
.conflict{border:2px solid var(--danger);border-radius:.4rem;padding:1rem;margin:0 0 1rem;background:#fff}
.conflict h2{margin-top:0}
.compare td{white-space:pre-wrap;max-width:24rem;overflow-wrap:anywhere}
.compare label{display:inline-flex;gap:.25rem;font-weight:400}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
.chips button{min-height:2.25rem;min-width:2.25rem;padding:.25rem .5rem;background:#fff;color:var(--accent)}
.chips button[aria-label^="Прибрати"]{color:var(--danger);border-color:var(--danger)}
.chips button[disabled]{opacity:.4;cursor:default}
.row{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
.row>.field{flex:1 1 12rem}
.thumb img{display:block;max-width:100%;height:auto;border-radius:.25rem;margin:.25rem 0}
.warn{color:#6b4100;background:#fff4d6;padding:.5rem .75rem;margin:.25rem 0}
.file-label{display:inline-block;font-weight:600;padding:.55rem 1rem;border:1px solid var(--accent);border-radius:.3rem;color:var(--accent);cursor:pointer;margin:0}
.file-label+input[type=file]{position:absolute;width:1px;height:1px;opacity:0}
.file-label:has(+input[type=file]:focus-visible){outline:3px solid var(--accent);outline-offset:2px}
.chips{list-style:none;margin:0 0 .75rem;padding:0;display:flex;flex-direction:column;gap:.35rem}
.chips li{display:flex;align-items:center;gap:.35rem;flex-wrap:wrap}
.chips .chip-name{flex:1 1 auto;font-weight:600}
.chips .chip-kind{font-size:.8rem;color:var(--muted)}
.chips .none{color:var(--muted)}
.combo{position:relative}
.suggestions{list-style:none;margin:-.75rem 0 1rem;padding:0;border:1px solid #767676;border-radius:.3rem;background:#fff;max-height:16rem;overflow:auto}
.suggestions li{padding:.5rem .75rem;cursor:pointer}
.suggestions li[aria-selected=true],.suggestions li:hover{background:#eef4fb}
.suggestions .create{font-weight:600;border-top:1px solid var(--line)}
.recap-results{list-style:none;padding:0;margin:0}
.recap-results li{padding:.25rem 0}
h3.sub{font-size:1rem;margin:.5rem 0}
.panel{border:1px solid var(--line);border-radius:.4rem;padding:.75rem 1rem;margin:0 0 1.5rem}
.panel h2{margin:0 0 .5rem;font-size:1.1rem}
.panel h3{font-size:.95rem;margin:1rem 0 .25rem}
.workflow .state{font-weight:700;margin:0}
.workflow .when{margin:0;color:var(--muted)}
.revisions-panel summary{font-weight:700;cursor:pointer;padding:.25rem 0}
.concerns{border-left:4px solid #b45309;background:#fff7ed;padding:.5rem .75rem;margin:.5rem 0 .75rem}
.concerns p{margin:0 0 .25rem;font-weight:700}
.concerns ul{margin:0 0 .5rem;padding:0;list-style:none}
.concerns li{margin:.2rem 0;display:flex;gap:.4rem}
.concerns li::before{content:"•";padding-top:.25rem}
.concerns .linkish{text-align:left;line-height:1.35}
.notes{list-style:none;margin:0 0 .75rem;padding:0}
.notes li{border-left:3px solid var(--line);padding:.25rem 0 .25rem .6rem;margin:0 0 .6rem}
.note-meta{margin:0;font-size:.85rem;color:var(--muted)}
.note-body{margin:.15rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.revisions{list-style:none;padding:0;margin:.5rem 0;max-height:18rem;overflow:auto}
.diff dt{font-weight:700;margin-top:.5rem}
.diff dd{margin:0;white-space:pre-wrap}
ins{background:#e6f4ea;color:#1e5631;text-decoration:underline}
del{background:#fde8e8;color:#8a1c1c}
.snippet{font-family:Arial,sans-serif;padding:.5rem 0}
.snippet p{margin:0}
.snippet-url{color:#1e5631;font-size:.85rem;overflow-wrap:anywhere}
.snippet-title{color:#1a0dab;font-size:1.15rem}
.snippet-text{color:#4d5156;font-size:.9rem}
.social{border:1px solid var(--line);border-radius:.4rem;overflow:hidden}
.social img{display:block;width:100%;height:auto;aspect-ratio:1.91/1;object-fit:cover}
.social-text{padding:.5rem .75rem;background:var(--soft)}
.social-text p{margin:0}
.social-host{font-size:.75rem;color:var(--muted)}
.social-title{font-weight:700}
.social-lead{font-size:.9rem;color:var(--muted)}
.media-dialog{width:min(60rem,96vw);max-height:90vh;border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.media-dialog::backdrop{background:rgba(0,0,0,.5)}
.dialog-head{display:flex;justify-content:space-between;align-items:center;gap:1rem}
.dialog-head h2{margin:0}
.media-dialog form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.75rem 0}
.media-dialog form label{flex:1 0 100%}
.media-dialog form input{flex:1 1 12rem}
.media-results{list-style:none;padding:0;margin:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr))}
.media-item{display:flex;flex-direction:column;width:100%;height:100%;padding:0;background:#fff;color:var(--fg);border:1px solid var(--line);text-align:left;font-weight:400}
.media-item:hover{background:var(--soft);color:var(--fg)}
.media-item img{width:100%;aspect-ratio:3/2;object-fit:contain;background:var(--line)}
.media-item span{padding:.25rem .5rem;font-size:.85rem}
.media-item .credit{color:var(--muted)}
.local-offer{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.local-offer p{margin:0;flex:1 1 16rem}
.shortcuts{margin:0 0 1rem}
${surfaceCss}`;
