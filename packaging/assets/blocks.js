/* coursepack interactive blocks: tabs, accordion and reveal following the WAI-ARIA Authoring
   Practices, and reflection text boxes whose text stays in this browser (localStorage, never sent).
   The server renders plain sections; this script enhances them. */
(function () {
  'use strict';

  let uid = 0;
  const nextId = (stem) => stem + '-' + (++uid);

  /* A button that shows and hides `panel` (accordion header, reveal). */
  function disclosure(button, panel, expanded) {
    button.type = 'button';
    button.setAttribute('aria-controls', panel.id);
    const set = (open) => {
      button.setAttribute('aria-expanded', String(open));
      panel.hidden = !open;
    };
    set(expanded);
    button.addEventListener('click', () => set(button.getAttribute('aria-expanded') !== 'true'));
  }

  function accordion(block) {
    block.querySelectorAll(':scope > .cp-panel').forEach((panel) => {
      const heading = panel.querySelector(':scope > .cp-block-title');
      const body = panel.querySelector(':scope > .cp-block-body');
      if (!heading || !body) return;
      const button = document.createElement('button');
      button.className = 'cp-accordion-button';
      button.id = heading.id + '-button';
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      heading.removeAttribute('id');
      body.setAttribute('role', 'region');
      body.setAttribute('aria-labelledby', button.id);
      disclosure(button, body, false);
    });
    block.classList.add('cp-enhanced');
  }

  function tabs(block) {
    const panels = Array.from(block.querySelectorAll(':scope > .cp-tab'));
    if (!panels.length) return;
    const list = document.createElement('div');
    list.className = 'cp-tablist';
    list.setAttribute('role', 'tablist');
    if (block.dataset.label) list.setAttribute('aria-label', block.dataset.label);
    const tabsOf = panels.map((panel, i) => {
      const heading = panel.querySelector(':scope > .cp-block-title');
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.className = 'cp-tab-button';
      tab.id = panel.id + '-tab';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id);
      tab.textContent = heading ? heading.textContent : String(i + 1);
      if (heading) heading.hidden = true;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.tabIndex = 0;
      list.appendChild(tab);
      return tab;
    });
    const select = (index, focus) => {
      tabsOf.forEach((tab, i) => {
        const on = i === index;
        tab.setAttribute('aria-selected', String(on));
        tab.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (focus) tabsOf[index].focus();
    };
    tabsOf.forEach((tab, i) => {
      tab.addEventListener('click', () => select(i, false));
      tab.addEventListener('keydown', (e) => {
        const n = tabsOf.length;
        const rtl = getComputedStyle(block).direction === 'rtl';
        const to = {
          ArrowRight: rtl ? i - 1 : i + 1,
          ArrowLeft: rtl ? i + 1 : i - 1,
          Home: 0,
          End: n - 1,
        }[e.key];
        if (to == null) return;
        e.preventDefault();
        select((to + n) % n, true);
      });
    });
    block.insertBefore(list, block.firstChild);
    select(0, false);
    block.classList.add('cp-enhanced');
  }

  function reveal(block) {
    const label = block.querySelector(':scope > .cp-reveal-label');
    const body = block.querySelector(':scope > .cp-block-body');
    if (!label || !body) return;
    const button = document.createElement('button');
    button.className = 'cp-reveal-button';
    button.id = nextId(block.id);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.appendChild(button);
    disclosure(button, body, false);
    block.classList.add('cp-enhanced');
  }

  /* The browser's storage, or null where it is refused (sandboxed frame, opaque origin, settings). */
  function storage() {
    try {
      const s = window.localStorage;
      const probe = 'coursepack:probe';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function courseId() {
    try {
      return JSON.parse(document.getElementById('cp-data').textContent).courseId || '';
    } catch (e) {
      return '';
    }
  }

  function reflection(block, store, course) {
    const box = block.querySelector('textarea');
    const note = block.querySelector('.cp-reflection-note');
    if (!box) return;
    if (!store) {
      if (note && block.dataset.unkept) note.textContent = block.dataset.unkept;
      return;
    }
    const page = block.closest('[data-page]');
    const key = 'coursepack:reflection:' + JSON.stringify([course, page ? page.dataset.page : '', block.dataset.reflection || '']);
    try {
      const kept = store.getItem(key);
      if (kept != null) box.value = kept;
    } catch (e) { /* unreadable: start empty */ }
    box.addEventListener('input', () => {
      try {
        if (box.value) store.setItem(key, box.value); else store.removeItem(key);
      } catch (e) {
        if (note && block.dataset.unkept) note.textContent = block.dataset.unkept;
      }
    });
  }

  /* Embedded widgets run sandboxed with scripts only (an opaque origin: no access to the player, the LMS
     API or this origin's storage). Opened from disk (file://) browsers refuse every file an opaque-origin
     page asks for, so there, where no LMS session exists to protect, the widget keeps its own origin.
     The frame gets its address only now, once its flags are final (a <noscript> copy serves script-less views). */
  function embed(frame) {
    if (window.location.protocol === 'file:') frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    frame.setAttribute('src', frame.dataset.embed);
  }

  function init() {
    document.querySelectorAll('iframe[data-embed]').forEach(embed);
    document.querySelectorAll('[data-block="accordion"]').forEach(accordion);
    document.querySelectorAll('[data-block="tabs"]').forEach(tabs);
    document.querySelectorAll('[data-block="reveal"]').forEach(reveal);
    const reflections = document.querySelectorAll('[data-block="reflection"]');
    if (reflections.length) {
      const store = storage();
      const course = courseId();
      reflections.forEach((block) => reflection(block, store, course));
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
