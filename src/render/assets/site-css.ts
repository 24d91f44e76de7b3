/**
 * The whole stylesheet, kept small for readers on weak links: a system font stack with full
 * Cyrillic, a readable measure, and a dark scheme that follows the reader's device.
 */
export const siteCss = `
:root{--bg:#fff;--fg:#1a1a1a;--muted:#575757;--line:#dcdcdc;--accent:#0b57a4;--accent-bg:#eef4fb;--mark:#b3261e;
--font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;--serif:Georgia,"Noto Serif","Times New Roman",serif}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#ececec;--muted:#b0b0b0;--line:#333;--accent:#8ab8ff;--accent-bg:#1b2633;--mark:#ff8a80}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 var(--font)}
a{color:var(--accent);text-underline-offset:.15em}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
img{max-width:100%;height:auto;display:block}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.masthead{border-bottom:1px solid var(--line)}
.masthead .wrap{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1.5rem;padding-top:.75rem;padding-bottom:.5rem}
.logo{font:700 1.6rem/1.2 var(--serif);color:var(--fg);text-decoration:none}
.menu ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.menu a{color:var(--fg);text-decoration:none;font-weight:600}
.menu a:hover{text-decoration:underline}
main{padding:1rem 0 2rem}
.crumbs ol{list-style:none;margin:0 0 .75rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem;font-size:.9rem;color:var(--muted)}
.crumbs li+li::before{content:"›";margin-right:.25rem}
.crumbs a{color:var(--muted)}
.article{max-width:44rem}
.article h1{font:700 clamp(1.6rem,5vw,2.4rem)/1.2 var(--serif);margin:.25rem 0 .75rem}
.meta{color:var(--muted);font-size:.9rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin-bottom:1rem}
.meta a{color:inherit}
.lead{font-size:1.1rem;font-weight:600;line-height:1.5;margin:1rem 0 1.25rem}
figure{margin:0 0 1.25rem}
figcaption{font-size:.875rem;color:var(--muted);padding-top:.4rem}
.credit{white-space:nowrap}
.credit::before{content:"· "}
.photo-frame{background:var(--line);aspect-ratio:3/2}
.photo-frame img{width:100%;height:100%;object-fit:cover}
blockquote{margin:1.5rem 0;padding:.75rem 1rem;border-left:4px solid var(--accent);background:var(--accent-bg)}
blockquote p{margin:0 0 .5rem;font-style:italic}
blockquote footer{color:var(--muted);font-size:.9rem}
.corrections{margin:1.5rem 0;font-size:.95rem;color:var(--muted);font-style:italic}
.corrections ul{margin:0;padding:0;list-style:none}
.corrections li+li{margin-top:.5rem}
.recap{margin:1.5rem 0;padding:1rem;border:1px solid var(--line);border-radius:.25rem}
.recap h2{font-size:1rem;margin:0 0 .5rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.recap p{margin:.5rem 0 0}
.tags{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:1.5rem 0}
.tags a{display:inline-block;padding:.2rem .65rem;border:1px solid var(--line);border-radius:1rem;text-decoration:none;font-size:.9rem}
.tags a:hover{border-color:var(--accent)}
.feed{list-style:none;margin:0;padding:0}
.feed li{display:grid;grid-template-columns:6.5rem 1fr;gap:.75rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
.feed time{color:var(--muted);font-size:.85rem;line-height:1.4;padding-top:.15rem;font-variant-numeric:tabular-nums}
.feed a{color:var(--fg);text-decoration:none;font-weight:600}
.feed a:hover{text-decoration:underline}
.section-title{font:700 1.4rem/1.3 var(--serif);margin:0 0 .75rem}
.error{max-width:40rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem;padding:1.5rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.search-link{margin-left:auto;color:var(--fg);font-size:.95rem}
.hint{flex-basis:100%;margin:.25rem 0 0;color:var(--muted);font-size:.85rem}
mark{background:#ffe28a;color:#1a1a1a;padding:0 .1em}
.results{padding-left:1.5rem}
.results li{padding:.5rem 0;border-bottom:1px solid var(--line)}
.results h2{font:700 1.15rem/1.3 var(--serif);margin:0}
.snippet{margin:.25rem 0 0;font-size:.95rem}
.notice{padding:.5rem .75rem;border-left:4px solid var(--mark);background:var(--accent-bg)}
.breaking{background:#a8231b;color:#fff}
.breaking .wrap{padding:.5rem 1rem}
.breaking a{color:#fff;font-weight:600}
.breaking strong{text-transform:uppercase;letter-spacing:.05em;margin-right:.5rem}
.block-title{font:700 1.15rem/1.3 var(--font);text-transform:uppercase;letter-spacing:.03em;border-bottom:2px solid var(--fg);padding-bottom:.25rem;margin:1.5rem 0 .75rem}
.block-title a{color:inherit;text-decoration:none}
.home{display:grid;gap:0 2rem}
.card{display:grid;gap:.5rem;padding:.75rem 0;border-bottom:1px solid var(--line)}
.card h2,.card h3{font:700 1.15rem/1.3 var(--serif);margin:0}
.card-big h3{font-size:1.5rem}
.card h2 a,.card h3 a{color:var(--fg);text-decoration:none}
.card h2 a:hover,.card h3 a:hover{text-decoration:underline}
.card-meta{margin:0;color:var(--muted);font-size:.85rem}
.card-lead{margin:0;font-size:.95rem}
.card-photo{aspect-ratio:3/2;background:var(--line);overflow:hidden}
.card-photo img{width:100%;height:100%;object-fit:cover}
.grid{display:grid;gap:0 1.5rem}

.pager{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}
.more{margin:.75rem 0}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;font-size:.85rem;letter-spacing:.05em}
.subsections ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1rem;padding:0;margin:0 0 1rem}
.author-card{display:flex;gap:1rem;align-items:center}
.author-photo{width:6rem;flex:none;border-radius:50%;overflow:hidden;aspect-ratio:1}
.author-photo img{width:100%;height:100%;object-fit:cover}
.bio{color:var(--muted);margin:.25rem 0}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1rem 0}
.search label{flex-basis:100%;font-weight:600}
.search input{flex:1;min-width:12rem;font:inherit;padding:.45rem .6rem;border:1px solid var(--muted);border-radius:.25rem;background:var(--bg);color:var(--fg)}
.search button{font:inherit;padding:.45rem 1rem;border:0;border-radius:.25rem;background:var(--accent);color:var(--bg);cursor:pointer}
.social-post{margin:1.5rem 0;padding:1rem 1.1rem;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:.25rem;background:var(--bg)}
.social-post>figcaption{padding:0;color:var(--fg);font-size:.95rem;display:flex;flex-wrap:wrap;gap:.1rem .5rem;align-items:baseline}
.social-platform{flex-basis:100%;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.05em}
.social-handle{color:var(--muted);overflow-wrap:anywhere}
.social-post blockquote{margin:.6rem 0;padding:0;border:0;background:none}
.social-post blockquote p{font-style:normal;margin:0 0 .6rem;overflow-wrap:anywhere}
.social-photo{margin:.6rem 0}
.social-meta,.social-captured{margin:.25rem 0 0;color:var(--muted);font-size:.85rem}
@media (min-width:48rem){body{font-size:1.125rem}
.lead{font-size:1.2rem}
.home{grid-template-columns:2fr 1fr}
.card{grid-template-columns:14rem 1fr;align-items:start}
.card-big,.card-text{grid-template-columns:1fr}
.grid{grid-template-columns:repeat(2,1fr)}
.grid .card{grid-template-columns:1fr}}
@media (min-width:64rem){.grid{grid-template-columns:repeat(4,1fr)}}
`;
