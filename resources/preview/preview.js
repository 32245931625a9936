// Galley's preview page script: applies block patches from the app and reports scroll and clicks.
// It runs under the page's Content-Security-Policy by nonce; the post's own scripts never run.
/* global QWebChannel, qt */
(function () {
  "use strict";

  let bridge = null;
  let blocks = null; // the body's blocks by id, kept in step with every patch
  let ignoreScrollUntil = 0;
  let scrollFrame = 0;

  function body() {
    return document.getElementById("galley-body");
  }

  // The body's blocks sit in chunks (<div class="galley-chunk">) of about CHUNK blocks, so that
  // a block growing by a line lays out its chunk and the chunks, not every block of a long post.
  const CHUNK = 64;

  function chunks(root) {
    return root.getElementsByClassName("galley-chunk");
  }

  function newChunk() {
    const chunk = document.createElement("div");
    chunk.className = "galley-chunk";
    return chunk;
  }

  // The body's blocks by id, read once per page and then kept up to date by apply(): a patch
  // costs what it changes, not a pass over every block of a long post.
  function blocksById(root) {
    const nodes = new Map();
    for (const chunk of chunks(root)) {
      for (const child of chunk.children) {
        const id = child.getAttribute("data-block");
        if (id !== null) nodes.set(id, child);
      }
    }
    return nodes;
  }

  function element(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  // A chunk that inserts made twice as long as usual is cut in two.
  function split(chunk) {
    if (chunk.childElementCount <= 2 * CHUNK) return;
    const rest = newChunk();
    while (chunk.childElementCount > CHUNK) rest.prepend(chunk.lastElementChild);
    chunk.after(rest);
    split(rest);
  }

  // A patch is one or more steps (edits far apart are rendered as they happen, then sent
  // together), each applied in order: removals, replacements, insertions, then new line numbers.
  function apply(message) {
    const update = JSON.parse(message);
    const root = body();
    if (blocks === null) blocks = blocksById(root);
    for (const step of update.steps || []) applyStep(root, step);
    if (update.header !== undefined && update.header !== null) {
      const header = document.getElementById("galley-header");
      const fresh = element(update.header);
      if (header && fresh) header.replaceWith(fresh);
      else if (fresh) root.before(fresh);
    }
    if (tocs === null || message.includes("galley-toc")) tocs = root.getElementsByClassName("galley-toc");
    if (tocs.length) fillTocs(root);
    if (bridge) bridge.applied(update.seq);
    if (message.includes("<iframe")) reportEmbeds();
  }

  // kramdown's {:toc} and Python-Markdown's [TOC] list the post's headings, as the site does
  // (one block cannot see the others, so the page fills them in; only on a post that has one).
  let tocs = null;
  function fillTocs(root) {
    const items = [];
    for (const heading of root.querySelectorAll("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]")) {
      const copy = heading.cloneNode(true);
      for (const anchor of copy.querySelectorAll("a.anchor")) anchor.remove();
      const text = copy.textContent.trim();
      if (text) items.push([Number(heading.tagName[1]), heading.id, text]);
    }
    const key = JSON.stringify(items);
    for (const nav of tocs) {
      if (nav.dataset.headings === key) continue;
      nav.dataset.headings = key;
      nav.replaceChildren(tocList(items));
    }
  }

  // A nested list of [level, id, text] headings: a level deeper opens a list in the item above.
  function tocList(items) {
    const top = document.createElement("ul");
    const stack = [{ level: null, list: top }];
    for (const [level, id, text] of items) {
      while (stack.length > 1 && level < stack[stack.length - 1].level) stack.pop();
      const current = stack[stack.length - 1];
      let list = current.list;
      if (current.level === null) current.level = level;
      else if (level > current.level && list.lastElementChild) {
        list = list.lastElementChild.appendChild(document.createElement("ul"));
        stack.push({ level: level, list: list });
      }
      const link = list.appendChild(document.createElement("li")).appendChild(document.createElement("a"));
      link.href = "#" + id;
      link.textContent = text;
    }
    return top;
  }

  // The addresses of the page's embeds, for the app to check they can load.
  function reportEmbeds() {
    const sources = Array.from(document.querySelectorAll("iframe[src]"), (f) => f.src);
    if (bridge && sources.length) bridge.embeds(JSON.stringify(sources));
  }

  // An embed whose site did not answer: a card in its place (and its box), saying so.
  function embedFailed(src, site) {
    for (const frame of document.querySelectorAll("iframe[src]")) {
      if (frame.src !== src) continue;
      const card = document.createElement("div");
      card.className = "embed-card embed-failed";
      card.setAttribute("role", "status");
      if (getComputedStyle(frame).position === "absolute") {
        card.style.cssText = frame.style.cssText; // over the wrapper's aspect-ratio box
        card.style.margin = "0";
      } else if (frame.offsetHeight > 0) {
        card.style.minHeight = frame.offsetHeight + "px";
        card.style.maxWidth = Math.max(frame.offsetWidth, 240) + "px";
      }
      const label = document.createElement("span");
      label.className = "embed-card-label";
      label.textContent = "Embedded content";
      const title = document.createElement("span");
      title.className = "embed-card-title";
      title.textContent = "Couldn\u2019t load " + site + " \u2014 check the connection";
      const link = document.createElement("a");
      link.className = "embed-card-link";
      link.href = src;
      link.textContent = frame.title || src;
      card.append(label, title, link);
      frame.replaceWith(card);
    }
  }

  function applyStep(root, update) {
    const nodes = blocks;
    const grown = new Set();
    for (const id of update.removed || []) {
      const node = nodes.get(id);
      if (node) node.remove();
      nodes.delete(id);
    }
    for (const [id, html] of update.replaced || []) {
      const node = nodes.get(id);
      const fresh = element(html);
      if (node && fresh) {
        node.replaceWith(fresh);
        nodes.set(id, fresh);
      }
    }
    for (const [id, after, html] of update.inserted || []) {
      const fresh = element(html);
      if (!fresh) continue;
      const anchor = after === null ? null : nodes.get(after);
      if (anchor) {
        anchor.after(fresh);
      } else {
        let all = chunks(root);
        if (!all.length) root.append(newChunk());
        all = chunks(root);
        if (after === null) all[0].prepend(fresh);
        else all[all.length - 1].append(fresh);
      }
      nodes.set(id, fresh);
      grown.add(fresh.parentElement);
    }
    for (const chunk of grown) split(chunk);
    for (const [id, line] of Object.entries(update.moved || {})) {
      const node = nodes.get(id);
      if (node) node.setAttribute("data-line", String(line));
    }
  }

  function lineOf(node) {
    return node.id === "galley-header" ? 1 : Number(node.getAttribute("data-line"));
  }

  // The source line at the top of the window, interpolated inside the block there. The header
  // (title, author, tags) is line 1; the end of the post is END, so that the editor's last
  // line and the page's bottom meet however tall the blocks before them are.
  const END = 1e9;

  function atEnd() {
    const page = document.scrollingElement;
    return window.scrollY > 0 && window.scrollY + window.innerHeight >= page.scrollHeight - 2;
  }

  // The first node of ``nodes`` (in page order) whose bottom is below the window's top.
  function firstShown(nodes) {
    let low = 0;
    let high = nodes.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (nodes[mid].getBoundingClientRect().bottom > 0) {
        found = mid;
        high = mid - 1;
      } else low = mid + 1;
    }
    return found;
  }

  // Found chunk by chunk and then by halving, as blockAt is: a scroll of a long post reads a
  // few dozen boxes, not one per block above the window.
  function topLine() {
    if (window.scrollY <= 0) return 0;
    if (atEnd()) return END;
    const header = document.getElementById("galley-header");
    const all = Array.from(chunks(body())).filter((c) => c.lastElementChild);
    let node = null;
    let next = null;
    if (header && header.getBoundingClientRect().bottom > 0) {
      node = header;
      next = all.length ? all[0].firstElementChild : null;
    } else {
      const c = firstShown(all);
      if (c < 0) return END;
      const kids = all[c].children;
      const k = Math.max(0, firstShown(kids));
      node = kids[k];
      next = k + 1 < kids.length ? kids[k + 1] : c + 1 < all.length ? all[c + 1].firstElementChild : null;
    }
    const box = node.getBoundingClientRect();
    const line = lineOf(node);
    const after = next ? lineOf(next) : line + 1;
    const fraction = box.height > 0 ? Math.min(1, Math.max(0, -box.top / box.height)) : 0;
    return line + fraction * Math.max(0, after - line);
  }

  function scrollToY(y) {
    ignoreScrollUntil = Date.now() + 150;
    window.scrollTo(0, Math.max(0, y));
    report();
  }

  // The block that holds source ``line`` and the line of the block after it, found chunk by
  // chunk and then by halving (a patch's reveal costs the same in a 4 MB post as in a short one).
  function blockAt(line) {
    const header = document.getElementById("galley-header");
    const all = Array.from(chunks(body())).filter((c) => c.lastElementChild);
    let c = 0;
    while (c < all.length && lineOf(all[c].lastElementChild) <= line) c++;
    if (c === all.length) c = all.length - 1; // past the last block's line: the last block
    const kids = c >= 0 ? all[c].children : [];
    let low = 0;
    let high = kids.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (lineOf(kids[mid]) <= line) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) {
      // before this chunk's first block: the last block of the chunk before, or the header
      const node = (c > 0 ? all[c - 1].lastElementChild : null) || header;
      if (!node) return null;
      return { node: node, next: kids.length ? lineOf(kids[0]) : lineOf(node) + 1 };
    }
    const node = kids[found];
    const after = found + 1 < kids.length ? kids[found + 1]
      : c + 1 < all.length ? all[c + 1].firstElementChild : null;
    return { node: node, next: after ? lineOf(after) : lineOf(node) + 1 };
  }

  // The page offset of a source line (a fraction of the way into the block that holds it).
  function offsetOf(line) {
    const place = blockAt(line);
    if (!place) return null;
    const start = lineOf(place.node);
    const span = place.next - start;
    const fraction = span > 0 ? Math.min(1, Math.max(0, (line - start) / span)) : 0;
    const box = place.node.getBoundingClientRect();
    return { top: window.scrollY + box.top + fraction * box.height, node: place.node, box: box };
  }

  // Puts ``line`` at ``at`` (0 top, 0.5 middle) of the window; line 0 is the page's top (the
  // header shows) and END its bottom.
  function scrollToLine(line, at) {
    if (line <= 0) return scrollToY(0);
    if (line >= END) return scrollToY(document.scrollingElement.scrollHeight);
    const place = offsetOf(line);
    if (!place) return;
    scrollToY(place.top - (at || 0) * window.innerHeight);
  }

  // Scrolls as little as needed for the block of ``line`` to be in view (the end of it, for
  // a block longer than the window): typing at the bottom of the post stays in sight.
  function revealLine(line) {
    if (line >= END) return scrollToY(document.scrollingElement.scrollHeight);
    const place = offsetOf(line);
    if (!place) return;
    const margin = Math.min(48, window.innerHeight / 6);
    if (place.box.bottom > window.innerHeight - margin) {
      scrollToY(window.scrollY + place.box.bottom - window.innerHeight + margin);
    } else if (place.box.bottom < margin) {
      scrollToY(window.scrollY + place.box.top - margin);
    }
  }

  // Where the page is, after any scroll (the app keeps it across page rebuilds); a scroll the
  // user made is also reported as ``scrolled``, for the editor to follow.
  function report() {
    if (bridge) bridge.position(topLine());
  }

  window.addEventListener("scroll", function () {
    if (scrollFrame) return;
    const byUser = Date.now() >= ignoreScrollUntil;
    scrollFrame = requestAnimationFrame(function () {
      scrollFrame = 0;
      if (!bridge) return;
      const line = topLine();
      bridge.position(line);
      if (byUser) bridge.scrolled(line);
    });
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[href]");
    if (link) {
      const href = link.getAttribute("href");
      if (href.startsWith("#")) return; // in-page anchors scroll as usual
      event.preventDefault();
      if (bridge) bridge.open_link(link.href);
      return;
    }
    const block = event.target.closest("[data-line]");
    if (block && bridge) bridge.clicked(lineOf(block));
  });

  // Nothing may be dropped onto the preview.
  for (const type of ["dragover", "drop"]) {
    document.addEventListener(type, function (event) {
      event.preventDefault();
    });
  }

  new QWebChannel(qt.webChannelTransport, function (channel) {
    bridge = channel.objects.galley;
    bridge.patch.connect(apply);
    bridge.scroll_request.connect(scrollToLine);
    bridge.reveal_request.connect(revealLine);
    bridge.embed_failed.connect(embedFailed);
    blocks = blocksById(body());
    tocs = body().getElementsByClassName("galley-toc");
    if (tocs.length) fillTocs(body());
    bridge.ready();
    reportEmbeds();
  });
})();
