/**
 * The writing surface's rules (admin-client/editor/surface/): the text as a reader will read it,
 * the blocks with fields framed within it, the toolbar, the block menu and the link dialog, and
 * what ProseMirror needs of any page it runs in (whitespace kept, the selected block and the gap
 * cursor shown).
 */
export const surfaceCss = `
.body-editor{margin:0 0 1.5rem}
.body-label{font-size:1rem;margin:1rem 0 .25rem}
.surface-tools{display:flex;flex-wrap:wrap;gap:.25rem;margin:.5rem 0 .25rem}
.surface-tools button{min-width:2.75rem;min-height:2.75rem;padding:.25rem .6rem;background:#fff;color:var(--accent);font-size:1rem}
.surface-tools button:hover{background:var(--soft);color:var(--accent-dark)}
.surface-tools button:nth-child(1){font-weight:800}
.surface-tools button:nth-child(2){font-style:italic;font-family:Georgia,serif}
.surface-wrap{position:relative}
.surface{position:relative;min-height:14rem;border:1px solid #767676;border-radius:.3rem;padding:.75rem 1.25rem;background:#fff;color:var(--fg);font:1.1rem/1.65 Georgia,'Times New Roman',serif;white-space:pre-wrap;white-space:break-spaces;overflow-wrap:break-word;font-variant-ligatures:none}
.surface:focus{outline:3px solid var(--accent);outline-offset:2px}
.surface>p{margin:0 0 .9rem}
.surface h2,.surface h3{font-family:var(--font);line-height:1.3;margin:1.4rem 0 .6rem}
.surface h2{font-size:1.4rem}
.surface h3{font-size:1.15rem}
.surface ul,.surface ol{margin:0 0 .9rem;padding-left:1.75rem}
.surface li{position:relative;margin:.2rem 0}
.surface a{color:var(--accent);text-decoration:underline}
.surface a.internal{text-decoration-style:double}
.surface .empty-line::before,.surface blockquote:has(>br:only-child)::before,.surface figcaption:has(>br:only-child)::before{content:attr(data-placeholder);float:left;height:0;color:var(--muted);pointer-events:none;font-style:normal}
.surface .ProseMirror-selectednode{outline:3px solid var(--accent);outline-offset:2px}
.ProseMirror-hideselection *::selection{background:transparent}
.ProseMirror-hideselection{caret-color:transparent}
.ProseMirror-gapcursor{display:none;pointer-events:none;position:absolute}
.ProseMirror-gapcursor::after{content:"";display:block;position:absolute;top:-2px;width:1.25rem;border-top:2px solid var(--fg)}
.ProseMirror-focused .ProseMirror-gapcursor{display:block}
.node{margin:1rem 0;padding:.6rem .85rem;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:.3rem;background:var(--soft)}
.node-fields{font:1rem/1.45 var(--font);white-space:normal}
.node-fields .field{margin:.4rem 0}
.node-fields input,.node-fields textarea,.node-fields select{max-width:none;width:100%}
.node-kind{margin:0 0 .25rem;font:700 .8rem var(--font);text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
.node-quote{border-left-color:#6b4100}
.node-quote blockquote{margin:0;font-style:italic;font-size:1.15rem}
.node-image figcaption{margin:.25rem 0;font-size:1rem;color:var(--fg)}
.node-image .thumb img{max-height:16rem;width:auto}
.node-social{border-left-color:#4a3aa8}
.node-social .captured{margin:.5rem 0 0}
.block-menu{position:absolute;z-index:20;display:flex;flex-direction:column;min-width:15rem;max-width:calc(100% - 1rem);padding:.25rem;background:#fff;border:1px solid #767676;border-radius:.3rem;box-shadow:0 .25rem 1rem rgba(0,0,0,.18)}
.block-menu button{background:none;border:0;color:var(--fg);text-align:left;font-weight:400;padding:.55rem .75rem;border-radius:.2rem}
.block-menu button:hover,.block-menu button:focus{background:#eef4fb;color:var(--fg);outline:2px solid var(--accent);outline-offset:-2px}
.link-dialog{width:min(36rem,96vw);max-height:90vh;border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.link-dialog::backdrop{background:rgba(0,0,0,.5)}
.link-dialog input{max-width:none}
.link-dialog form{margin:0 0 1.25rem}
.link-dialog .error:empty{display:none}
.link-dialog .error{color:var(--danger);font-weight:600;margin:.25rem 0}
.link-results{list-style:none;padding:0;margin:.25rem 0 1rem;max-height:14rem;overflow:auto}
.link-results li{padding:.2rem 0}
.counts{margin:.35rem 0 0;color:var(--muted);font-size:.9rem}
`;
