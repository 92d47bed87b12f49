/* coursepack page content: each figure opens in a full-screen, zoomable <dialog>, and tables and code blocks that
   scroll sideways can be reached and scrolled with the keyboard (packaging/CONTRACT.md, "Figures", "Wide content").
   Independent of player.js; needs no network, so it works from file:// and in LMS frames. */
(function () {
'use strict';

const ZOOM_STEPS = [1, 1.5, 2, 3, 4, 6];
const MAX_ZOOM = ZOOM_STEPS[ZOOM_STEPS.length - 1];

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
};

/* A table or code block wider than the column scrolls in its own box; while it does, it is a tab stop so keyboard
   users can scroll it too (checked again when a page is shown and when the window is resized). */
function scrollBoxes() {
  const update = () => Array.from(document.querySelectorAll('.cp-page table, .cp-page pre')).forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute('tabindex')) {
      box.tabIndex = 0;
      box.classList.add('cp-scrolls');
    } else if (!scrolls && box.classList.contains('cp-scrolls')) {
      box.removeAttribute('tabindex');
      box.classList.remove('cp-scrolls');
    }
  });
  // a page shown or hidden, including the sections the player makes later for page fragments
  const watch = new MutationObserver((records) => {
    if (records.some((r) => r.target.classList && r.target.classList.contains('cp-page'))) update();
  });
  watch.observe(document.getElementById('cp-main') || document.body, { attributes: true, attributeFilter: ['hidden'], subtree: true });
  window.addEventListener('resize', update);
  document.addEventListener('coursepack:page', update);
  update();
}

/* Figures of `root` (the document, or a page inserted later) get the viewer; it is built on the first figure. */
function figureViewer(S) {
  if (typeof HTMLDialogElement !== 'function') return () => {};
  let open = null;
  return (root) => {
    const images = Array.from(root.querySelectorAll('figure.cp-figure img'));
    if (!images.length) return;
    if (!open) open = viewer(S);
    images.forEach((img) => {
      const button = el('button', 'cp-figure-open');
      button.type = 'button';
      button.setAttribute('aria-haspopup', 'dialog');
      button.setAttribute('aria-label', S('figure_open') + ': ' + img.alt);
      img.replaceWith(button);
      button.appendChild(img);
      button.appendChild(el('span', 'cp-figure-hint', S('figure_open'))).setAttribute('aria-hidden', 'true');
      button.addEventListener('click', () => open(img, button));
    });
  };
}

/* The viewer dialog, built once and shared by all figures; returns open(img, opener). */
function viewer(S) {
  const tool = (cls, text, label, onclick) => {
    const b = el('button', 'cp-viewer-' + cls, text);
    b.type = 'button';
    if (label) b.setAttribute('aria-label', label);
    b.addEventListener('click', onclick);
    return b;
  };

  /* The viewer, built once and shared by all figures */
  const dialog = el('dialog', 'cp-viewer');
  dialog.setAttribute('aria-labelledby', 'cp-viewer-title');
  const bar = dialog.appendChild(el('div', 'cp-viewer-bar'));
  const title = bar.appendChild(el('p', 'cp-viewer-title'));
  title.id = 'cp-viewer-title';
  const tools = bar.appendChild(el('div', 'cp-viewer-tools'));
  const level = el('output', 'cp-viewer-level');
  level.setAttribute('aria-live', 'polite');
  tools.append(
    tool('zoom-out', '\u2212', S('zoom_out'), () => zoomTo(stepFrom(-1))),
    level,
    tool('zoom-in', '+', S('zoom_in'), () => zoomTo(stepFrom(1))),
    tool('fit', S('zoom_fit'), null, () => zoomTo(1)),
    tool('close', S('figure_close'), null, () => dialog.close()),
  );
  const body = dialog.appendChild(el('div', 'cp-viewer-body'));
  body.tabIndex = 0; // scrollable with the arrow keys once zoomed in
  body.setAttribute('role', 'group');
  body.setAttribute('aria-label', S('figure_viewer'));
  const big = body.appendChild(el('img', 'cp-viewer-img'));
  document.body.appendChild(dialog);

  let opener = null, zoom = 1, ratio = 1;

  /* zoom 1 = the whole figure fits the screen; larger zooms scroll (and pan with one finger) */
  function zoomTo(z, cx, cy) {
    const next = Math.min(MAX_ZOOM, Math.max(1, z));
    const fitW = Math.min(body.clientWidth, body.clientHeight * ratio);
    const px = cx == null ? body.clientWidth / 2 : cx, py = cy == null ? body.clientHeight / 2 : cy;
    // keep the point under the pointer (or the centre) where it is
    const fx = (body.scrollLeft + px) / Math.max(1, body.scrollWidth), fy = (body.scrollTop + py) / Math.max(1, body.scrollHeight);
    zoom = next;
    big.style.width = Math.round(fitW * zoom) + 'px';
    big.style.height = 'auto';
    body.scrollLeft = fx * body.scrollWidth - px;
    body.scrollTop = fy * body.scrollHeight - py;
    level.textContent = S('zoom_level', { x: Math.round(zoom * 100) });
    dialog.classList.toggle('is-zoomed', zoom > 1);
  }
  const stepFrom = (dir) => {
    if (dir > 0) return ZOOM_STEPS.find((s) => s > zoom + 0.01) || MAX_ZOOM;
    return ZOOM_STEPS.slice().reverse().find((s) => s < zoom - 0.01) || 1;
  };

  function open(img, button) {
    opener = button;
    const fig = img.closest('figure'), cap = fig && fig.querySelector('figcaption');
    title.textContent = (cap && cap.textContent.trim()) || img.alt;
    big.alt = img.alt;
    big.setAttribute('src', img.getAttribute('src'));
    ratio = img.naturalWidth && img.naturalHeight ? img.naturalWidth / img.naturalHeight : 1;
    document.documentElement.classList.add('cp-viewer-open');
    dialog.showModal();
    zoomTo(1);
    dialog.querySelector('.cp-viewer-close').focus();
  }
  dialog.addEventListener('close', () => {
    document.documentElement.classList.remove('cp-viewer-open');
    big.removeAttribute('src');
    if (opener) opener.focus();
    opener = null;
  });

  /* Focus stays inside: Tab from the last control goes to the first, Shift+Tab from the first to the last */
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Tab') {
      const list = Array.from(dialog.querySelectorAll('button, [tabindex="0"]')).filter((x) => !x.disabled);
      const i = list.indexOf(document.activeElement);
      if (e.shiftKey && i <= 0) { e.preventDefault(); list[list.length - 1].focus(); }
      else if (!e.shiftKey && i === list.length - 1) { e.preventDefault(); list[0].focus(); }
      else if (i < 0) { e.preventDefault(); list[0].focus(); }
    } else if ((e.key === '+' || e.key === '=') && !e.ctrlKey && !e.metaKey) {
      e.preventDefault(); zoomTo(stepFrom(1));
    } else if (e.key === '-' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault(); zoomTo(stepFrom(-1));
    } else if (e.key === '0') {
      e.preventDefault(); zoomTo(1);
    }
  });

  /* Ctrl + wheel (and trackpad pinch, which browsers send as one) zooms around the pointer */
  body.addEventListener('wheel', (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    const r = body.getBoundingClientRect();
    zoomTo(zoom * Math.exp(-e.deltaY / 300), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  /* Two-finger pinch on a touch screen (one finger scrolls natively: touch-action pan-x pan-y) */
  const touches = new Map();
  let pinch = null;
  const spread = () => {
    const [a, b] = Array.from(touches.values());
    return { d: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };
  body.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'touch') return;
    touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (touches.size === 2) pinch = { zoom, d: spread().d };
  });
  body.addEventListener('pointermove', (e) => {
    if (!touches.has(e.pointerId)) return;
    touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pinch && touches.size === 2) {
      const s = spread(), r = body.getBoundingClientRect();
      zoomTo(pinch.zoom * (s.d / Math.max(1, pinch.d)), s.x - r.left, s.y - r.top);
    }
  });
  const lift = (e) => { touches.delete(e.pointerId); if (touches.size < 2) pinch = null; };
  body.addEventListener('pointerup', lift);
  body.addEventListener('pointercancel', lift);
  window.addEventListener('resize', () => { if (dialog.open) zoomTo(zoom); });

  return open;
}

function init() {
  let strings;
  try { strings = JSON.parse(document.getElementById('cp-data').textContent).strings || {}; } catch (e) { return; }
  const S = (key, vars) => String(strings[key] == null ? key : strings[key])
    .replace(/\{(\w+)\}/g, (m, k) => (vars && vars[k] != null ? vars[k] : m));
  const figures = figureViewer(S);
  figures(document);
  document.addEventListener('coursepack:page', (e) => figures(e.detail.section));
  scrollBoxes();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
})();
