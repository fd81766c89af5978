// The newsroom page: search with filters and facets, an article view, and a live wire fed by /stream.
// Every piece of data reaches the page through textContent or DOM nodes, never as markup; search snippets,
// which the API sends as encoded text with <mark> around matches, are rebuilt node by node (renderSnippet).
'use strict';

(() => {
  const FACETS = [
    ['language', 'lang', 'Language'],
    ['topic', 'topic', 'Topic'],
    ['country', 'country', 'Country'],
    ['entity', 'entity', 'Entity'],
    ['story', 'story', 'Story'],
    ['source', 'source', 'Source'],
    ['date', 'from', 'Published'],
  ];
  const WIRE_LIMIT = 50;
  const $ = (id) => document.getElementById(id);

  const state = { q: '', sort: 'relevance', collapse: false, filters: {}, labels: {}, cursor: null };

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  function decodeEntities(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return Object.hasOwn(ENTITIES, name.toLowerCase()) ? ENTITIES[name.toLowerCase()] : whole;
    });
  }

  /** The API's snippet (encoded text, matches in <mark>…</mark>) as text nodes and <mark> elements. */
  function renderSnippet(snippet) {
    const fragment = document.createDocumentFragment();
    const parts = String(snippet || '').split(/(<mark>|<\/mark>)/);
    let marked = false;
    for (const part of parts) {
      if (part === '<mark>') { marked = true; continue; }
      if (part === '</mark>') { marked = false; continue; }
      if (!part) continue;
      const text = decodeEntities(part);
      fragment.append(marked ? el('mark', { text }) : document.createTextNode(text));
    }
    return fragment;
  }

  function formatDate(value) {
    if (!value) return '';
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function setStatus(text) { $('status').textContent = text; }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const errors = body && body.errors ? Object.values(body.errors).flat().join(' ') : '';
      const message = (body && (body.detail || body.title)) || response.statusText || String(response.status);
      throw new Error(errors ? message + ' ' + errors : message);
    }
    return body;
  }

  function searchUrl(cursor) {
    const params = new URLSearchParams({ q: state.q, sort: state.sort, limit: '20' });
    if (state.collapse) params.set('collapse', 'story');
    for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
    if (cursor) params.set('cursor', cursor);
    return '/search?' + params;
  }

  async function search(append) {
    if (!state.q) return;
    showResults();
    setStatus('Searching…');
    try {
      const response = await getJson(searchUrl(append ? state.cursor : null));
      if (!append) $('hits').replaceChildren();
      for (const hit of response.hits) $('hits').append(renderHit(hit));
      state.cursor = response.nextCursor;
      $('more').hidden = !response.nextCursor;
      const groups = response.groups != null ? ` in ${response.groups} stories` : '';
      setStatus(response.total === 0 ? 'No articles match.' : `${response.total} articles${groups}.`);
      if (!append) renderFacets(response.facets);
    } catch (error) {
      setStatus('Search failed: ' + error.message);
    }
  }

  function renderHit(hit) {
    const meta = [hit.sourceName || hit.sourceId, formatDate(hit.publishedAt), hit.language,
      hit.urgency ? 'urgency ' + hit.urgency : null,
      hit.othersInStory ? `+${hit.othersInStory} more in this story` : null].filter(Boolean).join(' · ');
    return el('li', { class: 'hit', dataset: { articleId: hit.articleId } },
      el('h3', {}, el('a', { href: '#article=' + encodeURIComponent(hit.articleId), class: 'hit-link', text: hit.headline })),
      el('p', { class: 'meta', text: meta }),
      el('p', { class: 'snippet' }, renderSnippet(hit.snippet)));
  }

  function renderFacets(facets) {
    const groups = $('facet-groups');
    groups.replaceChildren();
    for (const [facet, parameter, title] of FACETS) {
      const values = (facets && facets[facet]) || [];
      if (values.length === 0) continue;
      const list = el('ul', { class: 'facet-values' });
      for (const value of values.slice(0, 10)) {
        const active = state.filters[parameter] === value.value;
        const label = value.label || value.value;
        list.append(el('li', {},
          el('button', {
            type: 'button', class: 'facet', 'aria-pressed': String(active),
            dataset: { facet, value: value.value },
            onclick: () => toggleFilter(parameter, value.value, label),
          }, el('span', { class: 'facet-label', text: label }), el('span', { class: 'count', text: String(value.count) }))));
      }
      const headingId = 'facet-' + facet;
      groups.append(el('section', { class: 'facet-group', 'aria-labelledby': headingId }, el('h3', { id: headingId, text: title }), list));
    }
    renderActiveFilters();
  }

  function renderActiveFilters() {
    const box = $('active-filters');
    box.replaceChildren();
    for (const [parameter, value] of Object.entries(state.filters)) {
      if (!value) continue;
      const label = state.labels[parameter] || value;
      box.append(el('button', {
        type: 'button', class: 'active-filter', dataset: { parameter },
        'aria-label': `Remove filter ${parameter}: ${label}`,
        onclick: () => toggleFilter(parameter, value, label),
      }, document.createTextNode(`${parameter}: ${label} ✕`)));
    }
  }

  function toggleFilter(parameter, value, label) {
    if (state.filters[parameter] === value) {
      delete state.filters[parameter];
      delete state.labels[parameter];
    } else {
      state.filters[parameter] = value;
      state.labels[parameter] = label;
    }
    if (!state.q) state.q = '*';
    search(false);
  }

  function showResults() {
    $('article').hidden = true;
    $('results').hidden = false;
  }

  async function openArticle(id) {
    $('results').hidden = true;
    const view = $('article');
    view.hidden = false;
    $('article-headline').textContent = 'Loading…';
    for (const part of ['article-meta', 'article-lead']) $(part).textContent = '';
    for (const part of ['article-body', 'article-entities', 'article-topics', 'article-quotes', 'article-siblings']) $(part).replaceChildren();
    try {
      const stored = await getJson('/articles/' + encodeURIComponent(id));
      renderArticle(stored);
      view.dataset.articleId = stored.articleId;
      $('article-headline').focus({ preventScroll: false });
    } catch (error) {
      $('article-headline').textContent = 'This article could not be loaded: ' + error.message;
    }
  }

  function renderArticle(stored) {
    const enriched = stored.enriched || {};
    const enrichment = enriched.enrichment || {};
    const article = enriched.article || {};
    $('article-headline').textContent = stored.headline;
    $('article-headline').setAttribute('tabindex', '-1');
    $('article-meta').textContent = [stored.sourceName || stored.sourceId, formatDate(stored.publishedAt), stored.language,
      article.urgency ? 'urgency ' + article.urgency : null].filter(Boolean).join(' · ');
    $('article-lead').textContent = stored.lead || '';
    for (const paragraph of String(stored.body || '').split(/\n\n+/)) if (paragraph.trim()) $('article-body').append(el('p', { text: paragraph }));
    if (stored.canonicalUrl && /^https?:\/\//i.test(stored.canonicalUrl)) {
      $('article-body').append(el('p', {}, el('a', { href: stored.canonicalUrl, rel: 'noopener noreferrer', text: 'Read at the source' })));
    }

    const entities = enrichment.entities || (stored.entities || []).map((name) => ({ name }));
    for (const entity of entities) {
      const filterValue = entity.id || entity.name;
      $('article-entities').append(el('li', {}, el('button', {
        type: 'button', class: 'chip', title: entity.id || '',
        onclick: () => { state.filters = { entity: filterValue }; state.labels = { entity: entity.name }; state.q = state.q || '*'; location.hash = ''; search(false); },
      }, document.createTextNode(entity.type ? `${entity.name} (${entity.type})` : entity.name))));
    }
    if (entities.length === 0) $('article-entities').append(el('li', { text: 'None found.' }));

    for (const topic of enrichment.topics || []) $('article-topics').append(el('li', { class: 'chip', title: topic.code, text: topic.label }));
    for (const country of enrichment.countries || []) $('article-topics').append(el('li', { class: 'chip', title: country.code, text: country.name || country.code }));
    if (!$('article-topics').firstChild) $('article-topics').append(el('li', { text: 'None found.' }));

    for (const quote of enrichment.quotes || []) {
      $('article-quotes').append(el('figure', { class: 'quote' },
        el('blockquote', { text: quote.text }),
        quote.speaker ? el('figcaption', { text: '— ' + quote.speaker }) : null));
    }
    if (!$('article-quotes').firstChild) $('article-quotes').append(el('p', { text: 'No quotes.' }));

    const story = enrichment.cluster && enrichment.cluster.clusterId;
    if (story) loadSiblings(story, stored.articleId);
    else $('article-siblings').append(el('li', { text: 'This article is in no story.' }));
  }

  async function loadSiblings(story, self) {
    try {
      const response = await getJson('/search?' + new URLSearchParams({ q: '*', story, sort: 'newest', limit: '20' }));
      const others = response.hits.filter((hit) => hit.articleId !== self);
      for (const hit of others) {
        $('article-siblings').append(el('li', {},
          el('a', { href: '#article=' + encodeURIComponent(hit.articleId), text: hit.headline }),
          document.createTextNode(' — ' + [hit.sourceName || hit.sourceId, hit.language].filter(Boolean).join(', '))));
      }
      if (others.length === 0) $('article-siblings').append(el('li', { text: 'No other article of this story yet.' }));
    } catch (error) {
      $('article-siblings').append(el('li', { text: 'Could not load the story: ' + error.message }));
    }
  }

  function route() {
    const match = /^#article=(.+)$/.exec(location.hash);
    if (match) openArticle(decodeURIComponent(match[1]));
    else {
      showResults();
      $('results').focus({ preventScroll: true });
    }
  }

  // The live wire: one EventSource with the user's filter; the browser reconnects (with Last-Event-ID) by itself.
  let wire = null;
  function connectWire() {
    if (wire) wire.close();
    const params = new URLSearchParams();
    if ($('wire-lang').value) params.set('lang', $('wire-lang').value);
    if ($('wire-urgency').value) params.set('maxUrgency', $('wire-urgency').value);
    $('wire-list').replaceChildren();
    $('wire-status').textContent = 'Connecting…';
    wire = new EventSource('/stream?' + params);
    wire.addEventListener('open', () => { $('wire-status').textContent = 'Live: new articles appear here.'; });
    wire.addEventListener('error', () => { $('wire-status').textContent = 'Reconnecting…'; });
    wire.addEventListener('gap', () => { $('wire-status').textContent = 'Some articles were missed while disconnected; search for them.'; });
    wire.addEventListener('article', (event) => {
      let item;
      try { item = JSON.parse(event.data); } catch { return; }
      const meta = [new Date(item.indexedAt).toLocaleTimeString(), item.language, item.sourceName || item.sourceId].filter(Boolean).join(' · ');
      const entry = el('li', { class: 'wire-item', dataset: { articleId: item.articleId } },
        item.urgency ? el('span', { class: 'urgency u' + Math.min(item.urgency, 9), text: String(item.urgency), title: 'Urgency ' + item.urgency }) : null,
        el('a', { href: '#article=' + encodeURIComponent(item.articleId), text: item.headline }),
        el('span', { class: 'meta', text: meta }));
      $('wire-list').prepend(entry);
      while ($('wire-list').children.length > WIRE_LIMIT) $('wire-list').lastElementChild.remove();
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      state.q = $('q').value.trim();
      state.sort = $('sort').value;
      state.collapse = $('collapse').checked;
      state.cursor = null;
      if (location.hash) history.pushState(null, '', location.pathname + location.search);
      search(false);
    });
    $('more').addEventListener('click', () => search(true));
    $('back').addEventListener('click', () => { history.pushState(null, '', location.pathname + location.search); route(); });
    $('wire-lang').addEventListener('change', connectWire);
    $('wire-urgency').addEventListener('change', connectWire);
    window.addEventListener('hashchange', route);
    connectWire();
    if (location.hash) route();
  });
})();
