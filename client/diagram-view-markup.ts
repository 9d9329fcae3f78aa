/**
 * The body of the plan diagram's view (client/diagram-view/diagram-view.ts draws into it): the
 * extension's webview (plan-diagram-panel.ts) and the playground's frame (written by esbuild.mjs)
 * are the same page.
 */
export const DIAGRAM_VIEW_BODY = `<div class="toolbar" role="toolbar" aria-label="Diagram tools">
  <button id="show-diagram" aria-pressed="true">Diagram</button><button id="show-matrix" aria-pressed="false">Zone matrix</button>
  <fieldset id="vendors"><legend>Vendors</legend></fieldset>
  <fieldset id="statuses" class="legend"><legend>Flows</legend></fieldset>
  <label>Zone <select id="zone" aria-label="Zone"></select></label>
  <input id="search" type="search" placeholder="Search components and zones" aria-label="Search components and zones">
  <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button><button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button><button id="fit" title="Fit to window (0)">Fit</button>
</div>
<div class="status-line" role="status"></div>
<div class="message" hidden></div>
<main><svg id="diagram" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Plan diagram" tabindex="0"></svg><div id="matrix" hidden></div></main>`;
