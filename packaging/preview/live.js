/* coursepack preview only, never packaged: the open page stays in the URL (#page-id) and shows again after a
 * reload; each rebuild announced on /__events (server-sent events) reloads the page. */
(function () {
'use strict';
const generation = document.currentScript && document.currentScript.dataset.generation;

const pageInUrl = () => {
  try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return location.hash.slice(1); }
};

/* Show the page the URL names; false while the player has not started yet. */
function showUrlPage() {
  const player = window.CoursepackPlayer, state = player && player.state();
  if (!state) return false;
  const id = pageInUrl();
  if (id && state.page !== id) player.goTo(id);
  return true;
}

/* Keep the URL on the visible page: the player hides every other .cp-page. replaceState: no history entries. */
function followPages() {
  const sections = Array.from(document.querySelectorAll('.cp-page[data-page]'));
  if (!sections.length) return;
  const record = () => {
    const shown = sections.find((s) => !s.hidden);
    if (shown && pageInUrl() !== shown.dataset.page) {
      history.replaceState(history.state, '', '#' + encodeURIComponent(shown.dataset.page));
    }
  };
  const observer = new MutationObserver(record);
  sections.forEach((s) => observer.observe(s, { attributes: true, attributeFilter: ['hidden'] }));
  record();
}

/* On connecting, and after each rebuild, the server names the current build; another one than ours: reload. */
function listen() {
  if (!window.EventSource) return;
  const events = new EventSource('/__events');
  events.addEventListener('reload', (e) => {
    if (e.data === generation) return;
    events.close();
    location.reload();
  });
}

function start() {
  if (showUrlPage()) followPages();
  else window.addEventListener('load', () => { showUrlPage(); followPages(); }, { once: true });
  listen();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
})();
