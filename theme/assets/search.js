/* OCOP search: as-you-type suggestions under every header search box, the /tim-kiem/ page and the
   all-products page's filters (/san-pham/): one client over one index.
   Loaded only when someone focuses or types in a search box (the search and all-products pages
   load it directly). Folding and ranking are ocop/domain/fold.py and ocop/domain/ranking.py
   written again: the tests run shared vectors (tests/fold-vectors.json) through both. Index
   format: see ocop/build/search.py. No innerHTML with data; nothing from another host. ES2017. */
(function () {
  "use strict";
  if (window.OcopSearch) return;

  // --- words ---------------------------------------------------------------------------------
  /* What the script says: Vietnamese here; an English page gives its own (theme/catalogue/
     _search_text.html, from the edition's gettext catalogue) in <script id="ocop-text">, with the
     index's status and group labels. {n} and {q} are filled in. */
  const T = {
    suggestions: "Gợi ý tìm kiếm",
    loading: "Đang tải…",
    one_more: "Gõ thêm một chữ nữa…",
    products: "Sản phẩm",
    producers: "Chủ thể",
    pages: "Trang thông tin",
    pages_note: "",
    nothing_for: "Không tìm thấy kết quả cho “{q}”.",
    browse: "Xem theo tỉnh, nhóm sản phẩm, hạng sao",
    all_results: "Xem tất cả {n} kết quả",
    failed_enter: "Không tải được dữ liệu tìm kiếm. Nhấn Enter để mở trang tìm kiếm.",
    type_more: "Nhập tên sản phẩm (ít nhất hai chữ cái), chủ thể hoặc mã sản phẩm.",
    count: "{n} sản phẩm",
    count_for: "{n} sản phẩm cho “{q}”",
    none: "Không tìm thấy sản phẩm nào. Thử bỏ bớt từ hoặc bộ lọc, hay xem theo tỉnh, nhóm, hạng sao bên dưới.",
    none_for: "Không tìm thấy sản phẩm nào cho “{q}”. Thử bỏ bớt từ hoặc bộ lọc, hay xem theo tỉnh, nhóm, hạng sao bên dưới.",
    producers_n: "Chủ thể ({n})",
    index_loading: "Đang tải dữ liệu tìm kiếm…",
    failed: "Không tải được dữ liệu tìm kiếm. Hãy xem theo tỉnh, nhóm, hạng sao bên dưới.",
    stars: "{n} sao",
    statuses: {},
    groups: {},
  };
  (function () {
    const own = document.getElementById("ocop-text");
    if (own) Object.assign(T, JSON.parse(own.textContent));
  })();
  const say = (key, n, q) => T[key].replace("{n}", () => n).replace("{q}", () => q); // "$&" typed stays

  // --- folding (ocop/fold.py) --------------------------------------------------------------
  const TONES = { "\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5" };
  const WORD = "0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff\u0300-\u036f";
  const NON_WORD = new RegExp("[^" + WORD + "]+");
  const NON_WORD_LINES = new RegExp("[^\\n" + WORD + "]+", "g");
  const ENDS_IN_WORD = new RegExp("[" + WORD + "]$");
  const MARKS = /[\u0300-\u036f]/g;
  const HAS_MARK = /[\u0300-\u036f]/;

  const nfdLower = (s) => s.toLowerCase().normalize("NFD").replace(/ð/g, "đ");
  const words = (s) => nfdLower(s).split(NON_WORD).filter(Boolean);
  const foldWord = (w) => w.replace(MARKS, "").replace(/đ/g, "d");
  const fold = (s) => words(s).map(foldWord).filter(Boolean).join(" ");

  function toneParts(w) {
    let tone = "";
    let letters = "";
    for (const ch of w) {
      if (TONES[ch]) tone = TONES[ch];
      else letters += ch;
    }
    return [letters.normalize("NFC"), tone];
  }
  const toneKeyWord = (w) => toneParts(w).join("");
  const toneKey = (s) => words(s).filter((w) => foldWord(w)).map(toneKeyWord).join(" ");
  const hasMarks = (s) => {
    const n = nfdLower(s);
    return HAS_MARK.test(n) || n.indexOf("đ") >= 0;
  };
  const endsInWord = (s) => ENDS_IN_WORD.test(nfdLower(s));

  /* Many lines at once (one normalize over the whole text, which is what costs): for each line,
     ``nf``: " folded words ", exactly " " + fold(line) + " "; ``nfd``: its lower-case NFD words
     separated by spaces, kept for toneWords. */
  function prepLines(text) {
    const nfd = nfdLower(text).replace(NON_WORD_LINES, " ");
    const nf = nfd
      .replace(MARKS, "")
      .replace(/đ/g, "d")
      .replace(/ +/g, " ")
      .replace(/ ?\n ?/g, "\n")
      .replace(/^ | $/g, "");
    return { nfd: nfd.split("\n"), nf: (" " + nf.replace(/\n/g, " \n ") + " ").split("\n") };
  }
  const foldLines = (text) => prepLines(text).nf;

  /* The words of NFD text as [letters, tone], the letters left in NFD (a query's marked words,
     turned into accentRe). */
  function toneWords(nfd) {
    const out = [];
    const ws = nfd.split(" ");
    for (let j = 0; j < ws.length; j++) {
      const w = ws[j];
      let letters = "";
      let tone = "";
      let base = false;
      for (let i = 0; i < w.length; i++) {
        const c = w[i];
        const t = TONES[c];
        if (t) tone = t;
        else {
          letters += c;
          if (c < "\u0300" || c > "\u036f") base = true;
        }
      }
      if (base) out.push([letters, tone]);
    }
    return out;
  }
  const nfdWords = (s) => words(s).join(" ");

  // --- ranking (ocop/search.py) ------------------------------------------------------------
  const MAX_WORDS = 32;
  const TONE_MARK = { 2: "\u0300", 1: "\u0301", 3: "\u0309", 4: "\u0303", 5: "\u0323" };
  const ALL_TONES = "\u0300\u0301\u0303\u0309\u0323";

  /* A marked query word as a regular expression over a document's NFD words (separated by
     spaces): the same letters (or, for the word being typed, the start of a word not cut inside a
     letter), tone marks anywhere among them (old or new placement), all of them the query's tone,
     at least one if the query has a tone, none if it has none (unless still being typed). The
     letters are NFD: comparing them is comparing NFC letters, as ocop/search.py does. */
  function accentRe(letters, tone, grow) {
    const t = tone ? TONE_MARK[tone] : "";
    const gap = tone ? t + "*" : grow ? "[" + ALL_TONES + "]*" : "";
    let body = "";
    for (let i = 0; i < letters.length; i++) body += letters[i] + gap;
    let head = "(?:^| )";
    if (tone) head += "(?=[^ ]*" + t + ")(?![^ ]*[" + ALL_TONES.replace(t, "") + "])";
    return new RegExp(head + body + (grow ? "(?![\u0300-\u036f])" : "(?= |$)"));
  }

  function parse(text) {
    const ws = [];
    const res = [];
    for (const w of words(text)) {
      const f = foldWord(w);
      if (!f || ws.length === MAX_WORDS) continue;
      ws.push(f);
      res.push(hasMarks(w) ? toneWords(w)[0] : null);
    }
    const q = { text: text, qid: text.trim().toLowerCase(), words: ws };
    q.prefix = endsInWord(text);
    const last = ws.length - 1;
    q.res = [];
    res.forEach((tw, i) => {
      if (tw) q.res.push(accentRe(tw[0], tw[1], i === last && q.prefix));
    });
    q.needles = ws.map((w, i) => " " + w + (i === last && q.prefix ? "" : " "));
    q.whole = " " + ws.join(" ") + " ";
    q.phrase = " " + ws.join(" ") + (q.prefix ? "" : " ");
    q.lastWhole = last >= 0 ? " " + ws[last] + " " : "";
    q.idLike = q.qid.indexOf("-") >= 0 && q.qid.indexOf(" ") < 0 && /[0-9]/.test(q.qid);
    q.idMaybe = !!q.qid && q.qid.indexOf(" ") < 0; // an id has no space: anything else is tier 2
    q.idBare = q.idMaybe && q.qid.indexOf("-") < 0 && /[0-9]/.test(q.qid); // "hn001": an id without its dashes?
    return q;
  }

  /* Is ``lid`` the id ``qid`` typed without its dashes? (No new string per document.) */
  function sameBare(lid, qid) {
    let j = 0;
    for (let i = 0; i < lid.length; i++) {
      if (lid[i] === "-") continue;
      if (lid[i] !== qid[j++]) return false;
    }
    return j === qid.length;
  }

  function idTier(q, d) {
    if (!q.qid || q.qid.length > d.lid.length) return 2;
    if (d.lid === q.qid || (q.idBare && sameBare(d.lid, q.qid))) return 0;
    if (q.idLike && d.lid.startsWith(q.qid)) return 1;
    return 2;
  }

  function phraseTier(q, nf) {
    if (nf === q.whole) return 0;
    if (nf.startsWith(q.phrase)) return 1;
    if (nf.indexOf(q.phrase) >= 0) return 2;
    let pos = 0;
    for (let i = 0; i < q.needles.length; i++) {
      const at = nf.indexOf(q.needles[i], pos);
      if (at < 0) return 4;
      pos = at + q.needles[i].length - 1;
    }
    return 3;
  }

  /* A document's place for the query as one number (smaller first), or -1 when it does not
     match. It packs: id tier, name/other, phrase tier, -accent, partial last word, -stars. Ties
     go to the folded name, the name, the id (tie()): the order of Python's sort key. ``d`` has
     id, name, stars, nf (" folded name "), of (" folded other "), nd/od (NFD words). */
  function keyOf(q, d) {
    const tier = q.idMaybe ? idTier(q, d) : 2;
    const n = q.needles.length;
    if (!n && tier === 2) return -1;
    let inName = 1;
    for (let i = 0; i < n; i++) {
      if (d.nf.indexOf(q.needles[i]) >= 0) continue;
      inName = 0;
      if (d.of.indexOf(q.needles[i]) < 0) {
        if (tier === 2) return -1;
        break;
      }
    }
    const phrase = inName && n ? phraseTier(q, d.nf) : 4;
    let accent = 0;
    for (let i = 0; i < q.res.length; i++) if (q.res[i].test(d.nd) || q.res[i].test(d.od)) accent++;
    const partial = q.prefix && n && d.nf.indexOf(q.lastWhole) < 0 ? 1 : 0;
    return ((((tier * 2 + 1 - inName) * 5 + phrase) * 64 + (63 - accent)) * 2 + partial) * 8 + (7 - d.stars);
  }

  function tie(x, y) {
    if (x.nf !== y.nf) return x.nf < y.nf ? -1 : 1;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  }

  /* Every match of ``docs``: positions and keys in flat arrays, reused from one scan to the next
     (no garbage per keystroke): read them (best) before the next scan. */
  let POS = new Int32Array(0);
  let KEY = new Float64Array(0);
  function buffers(n) {
    if (POS.length < n) {
      POS = new Int32Array(n);
      KEY = new Float64Array(n);
    }
    return { pos: POS, key: KEY, count: 0 };
  }

  /* ``only``: the positions to look at (the previous keystroke's matches), or null for all. */
  function scan(q, docs, keep, only) {
    const m = buffers(docs.length);
    const pos = m.pos;
    const key = m.key;
    const n = only ? only.length : docs.length;
    let count = 0;
    for (let j = 0; j < n; j++) {
      const i = only ? only[j] : j;
      const d = docs[i];
      if (keep && !keep(d)) continue;
      const k = keyOf(q, d);
      if (k < 0) continue;
      pos[count] = i;
      key[count++] = k;
    }
    m.count = count;
    return m;
  }

  /* The best ``k`` matches, in order, without sorting them all. */
  function best(docs, m, k) {
    const top = [];
    if (k <= 0) return top;
    const before = (a, b) => m.key[a] < m.key[b] || (m.key[a] === m.key[b] && tie(docs[m.pos[a]], docs[m.pos[b]]) < 0);
    if (k * 4 >= m.count) {
      const all = [];
      for (let j = 0; j < m.count; j++) all.push(j);
      all.sort((a, b) => m.key[a] - m.key[b] || tie(docs[m.pos[a]], docs[m.pos[b]]));
      return all.slice(0, k).map((j) => docs[m.pos[j]]);
    }
    for (let j = 0; j < m.count; j++) {
      if (top.length === k && !before(j, top[k - 1])) continue;
      let i = top.length;
      while (i > 0 && before(j, top[i - 1])) i--;
      top.splice(i, 0, j);
      if (top.length > k) top.pop();
    }
    return top.map((j) => docs[m.pos[j]]);
  }

  function doc(id, name, stars, other) {
    const d = { id: id, lid: id.toLowerCase(), name: name, stars: stars || 0, other: other || "" };
    d.nf = " " + fold(name) + " ";
    d.of = " " + fold(d.other) + " ";
    d.nd = nfdWords(name);
    d.od = nfdWords(d.other);
    return d;
  }

  /* For the tests: the same contract as ocop.search.rank. */
  function rank(query, docs) {
    const q = parse(query);
    const ds = docs.map((x) => doc(x.id, x.name, x.stars, x.other));
    const m = scan(q, ds, null);
    return best(ds, m, m.count).map((d) => d.id);
  }

  /* For the tests: the order with no words typed (browse). */
  function order(docs) {
    const ds = docs.map((x) => doc(x.id, x.name, x.stars, x.other));
    return browse(ds, null, ds.length).top.map((d) => d.id);
  }

  // --- the index ---------------------------------------------------------------------------
  const B36 = "0123456789abcdefghijklmnopqrstuvwxyz";

  /* One section of the index: for each line, the front-coded id decoded, the second field, the
     rest. A single pass, slicing the downloaded text (little garbage on a cheap phone). */
  function section(lines, from, count) {
    const ids = new Array(count);
    const names = new Array(count);
    const rest = new Array(count);
    let prev = "";
    for (let i = 0; i < count; i++) {
      const f = lines[from + i];
      const t1 = f.indexOf("\t");
      const t2 = f.indexOf("\t", t1 + 1);
      prev = prev.slice(0, B36.indexOf(f[0])) + f.slice(1, t1);
      ids[i] = prev;
      names[i] = f.slice(t1 + 1, t2);
      rest[i] = f.slice(t2 + 1);
    }
    return { ids: ids, names: names, rest: rest, prep: prepLines(names.join("\n")) };
  }

  function load(text, base) {
    const lines = text.split("\n");
    const h = JSON.parse(lines[0]);
    const np = h.counts[0];
    const nr = h.counts[1];
    const ng = h.counts[2];
    const provF = h.provinces.map((p) => " " + fold(p[1]) + " ");
    const provD = h.provinces.map((p) => nfdWords(p[1]));
    const index = { h: h, base: base, shards: new Map() };

    const P = section(lines, 1, np);
    index.products = new Array(np);
    for (let i = 0; i < np; i++) {
      const c = P.rest[i];
      const prov = B36.indexOf(c[3]);
      const id = P.ids[i];
      index.products[i] = {
        id: id,
        lid: id.toLowerCase(),
        name: P.names[i],
        stars: +c[0],
        status: h.statuses[+c[1]][0],
        group: B36.indexOf(c[2]),
        prov: prov,
        other: h.provinces[prov][1],
        nf: P.prep.nf[i],
        of: provF[prov],
        nd: P.prep.nfd[i],
        od: provD[prov],
        pos: i,
      };
    }

    const R = section(lines, 1 + np, nr);
    index.producers = new Array(nr);
    for (let i = 0; i < nr; i++) {
      const prov = B36.indexOf(R.rest[i]);
      const id = R.ids[i];
      index.producers[i] = {
        id: id,
        lid: id.toLowerCase(),
        name: R.names[i],
        stars: 0,
        prov: prov,
        other: h.provinces[prov][1],
        nf: R.prep.nf[i],
        of: provF[prov],
        nd: R.prep.nfd[i],
        od: provD[prov],
      };
    }

    const G = section(lines, 1 + np + nr, ng);
    index.pages = G.ids.map((url, i) => {
      const d = doc(url, G.names[i], 0, G.rest[i]);
      d.page = G.rest[i];
      return d;
    });
    return index;
  }

  /* One letter narrows nothing at national scale (it matches half the catalogue): suggestions
     start at two. */
  const tooShort = (text) => fold(text).replace(/ /g, "").length < 2;

  /* Is ``lid`` some product's or producer's id (lower case)? */
  function isId(index, lid) {
    if (!index.ids) {
      index.ids = new Set();
      index.products.forEach((d) => index.ids.add(d.lid));
      index.producers.forEach((d) => index.ids.add(d.lid));
    }
    return index.ids.has(lid);
  }

  /* No words typed (filters alone; the all-products page): every document ``keep`` lets through,
     in ranking's own tie-break order: stars, 5 first, then tie(). The shared vectors' "order". */
  function browse(docs, keep, k) {
    const m = buffers(docs.length);
    for (let i = 0; i < docs.length; i++) {
      if (keep && !keep(docs[i])) continue;
      m.pos[m.count] = i;
      m.key[m.count++] = 7 - docs[i].stars;
    }
    return { count: m.count, top: best(docs, m, k) };
  }

  /* Typing narrows: when the text only grew since the last search (same filters), every match is
     among the last matches, so only those are looked at. (Letters added to a word or new words only
     remove matches; the exceptions are ids, which get a full scan.) */
  function search(index, text, filter, limits, filterKey) {
    const q = parse(text);
    const fkey = filterKey || "";
    const prev = index.prev;
    const narrow =
      prev && prev.fkey === fkey && text.startsWith(prev.text) && !q.idLike && !q.idBare && !(q.idMaybe && isId(index, q.qid));
    const next = { text: text, fkey: fkey };
    const run = (name, docs, k, keep) => {
      const m = scan(q, docs, keep, narrow && prev[name] ? prev[name] : null);
      next[name] = m.pos.slice(0, m.count);
      return { count: m.count, top: best(docs, m, k) };
    };
    let products;
    if (!q.words.length && !q.qid && filter) {
      products = browse(index.products, filter, limits[0]);
    } else {
      products = run("products", index.products, limits[0], filter);
    }
    const r = {
      q: q,
      exact: products.top.length && q.idMaybe && idTier(q, products.top[0]) === 0 ? products.top[0] : null,
      products: products,
      producers: limits[1] ? run("producers", index.producers, limits[1], null) : { count: 0, top: [] },
      pages: limits[2] ? run("pages", index.pages, limits[2], null) : { count: 0, top: [] },
    };
    index.prev = q.words.length ? next : null;
    return r;
  }

  /* What only shown results need (producer, thumbnail): one small shard per SHARD products. */
  function details(index, products) {
    const h = index.h;
    const wanted = [];
    products.forEach((d) => {
      const n = Math.floor(d.pos / h.shard);
      if (wanted.indexOf(n) < 0) wanted.push(n);
    });
    return Promise.all(
      wanted.map((n) => {
        if (!index.shards.has(n)) {
          const url = index.base + "search-s" + n + "." + h.shards.substr(n * 10, 10) + ".txt";
          const p = fetch(url)
            .then((r) => (r.ok ? r.text() : Promise.reject(new Error(url))))
            .then((t) => {
              t.split("\n").forEach((line, j) => {
                const d = index.products[n * h.shard + j];
                if (!d || !line) return;
                const f = line.split("\t");
                const pr = index.producers[+f[0]];
                d.producer = pr ? pr.name : "";
                d.thumb = f[1];
              });
            });
          p.catch(() => index.shards.delete(n));
          index.shards.set(n, p);
        }
        return index.shards.get(n);
      })
    );
  }

  /* Producer and thumbnail of shown results, once the user pauses typing (so a word typed
     letter by letter does not fetch the shards and photos of every intermediate result). */
  const PAUSE = 150;
  let index0 = null;
  function later(current, docs, fill) {
    setTimeout(() => {
      if (!current()) return;
      details(index0, docs).then(() => {
        if (current()) fill();
      }, () => {});
    }, PAUSE);
  }

  /* ``url``: the hashed index itself (the search page names it), or tim-kiem/index.json, which
     names it (other pages: see ocop/search.py, pointer). The pointer is revalidated on every use;
     the hashed files never change, so the browser keeps them. */
  let loading = null;
  function getIndex(url, top) {
    if (!loading) {
      const pointed = /\.json$/.test(url)
        ? fetch(url, { cache: "no-cache" })
            .then((r) => (r.ok ? r.json() : Promise.reject(new Error(url))))
            .then((j) => top + j.index)
        : Promise.resolve(url);
      loading = pointed
        .then((u) => fetch(u).then((r) => (r.ok ? r.text() : Promise.reject(new Error(u)))).then((t) => [u, t]))
        .then((ut) => (index0 = load(ut[1], ut[0].slice(0, ut[0].lastIndexOf("/") + 1))));
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  }

  // --- DOM helpers -------------------------------------------------------------------------
  function node(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function stars(n) {
    const s = node("span", "stars", "★".repeat(n));
    s.setAttribute("aria-hidden", "true");
    const frag = document.createDocumentFragment();
    frag.appendChild(s);
    frag.appendChild(node("span", "vh", say("stars", n, "")));
    return frag;
  }

  function thumb(top, d, cls) {
    const img = node("img", cls);
    img.alt = "";
    img.width = 320;
    img.height = 240;
    img.decoding = "async";
    if (d.thumb) img.src = top + "img/" + d.thumb;
    else img.hidden = true;
    return img;
  }

  function searchUrl(root, q) {
    return root + "tim-kiem/" + (q ? "?q=" + encodeURIComponent(q) : "");
  }

  const CSS =
    ".ocop-sx-wrap{position:relative}" +
    ".ocop-sx{position:absolute;z-index:20;top:calc(100% + .25rem);right:0;width:max(100%,min(28rem,calc(100vw - 1rem)));" +
    "max-height:min(75vh,36rem);overflow:auto;background:#fff;color:#212121;border-radius:.2rem;text-align:left;" +
    "box-shadow:0 .2rem .6rem rgba(0,0,0,.25),0 0 .05rem rgba(0,0,0,.35);font:14px/1.35 -apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif}" +
    ".ocop-sx a{display:flex;gap:.6rem;align-items:center;padding:.4rem .6rem;color:#212121;text-decoration:none}" +
    ".ocop-sx a[aria-selected=true],.ocop-sx a:hover{background:#e8f5e9}" +
    ".ocop-sx img,.ocop-sx .ocop-sx-ph{flex:none;width:3.5rem;height:2.625rem;object-fit:cover;border-radius:.15rem;background:#e8f5e9}" +
    ".ocop-sx b{display:block;font-weight:500;font-size:15px}" +
    ".ocop-sx small{display:block;color:#616161;font-size:13px}" +
    ".ocop-sx .stars{color:#b58000}" +
    ".ocop-sx .vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    ".ocop-sx-head{margin:0;padding:.35rem .6rem .1rem;font-size:12px;font-weight:700;color:#616161;text-transform:uppercase;letter-spacing:.03em;border-top:1px solid #eee}" +
    ".ocop-sx-head:first-child{border-top:0}" +
    ".ocop-sx-note{margin:0;padding:.6rem}" +
    ".ocop-sx a.ocop-sx-all{border-top:1px solid #eee;color:#2e7d32;font-weight:500}";

  // --- the dropdown under a header search box ----------------------------------------------
  function dropdown(form) {
    const input = form.querySelector("input[name=q]");
    const root = form.getAttribute("data-ocop-root") || "./";
    const siteTop = form.getAttribute("data-ocop-top") || root; // photos and the Vietnamese-only pages
    const indexUrl = form.getAttribute("data-ocop-index");
    if (!input || !indexUrl || form.getAttribute("data-ocop-ready")) return;
    form.setAttribute("data-ocop-ready", "1");
    if (!document.getElementById("ocop-sx-css")) {
      const style = node("style");
      style.id = "ocop-sx-css";
      style.textContent = CSS;
      document.head.appendChild(style);
    }
    form.classList.add("ocop-sx-wrap");
    const box = node("div", "ocop-sx");
    box.id = "ocop-sx-" + Math.random().toString(36).slice(2, 8);
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", T.suggestions);
    box.hidden = true;
    form.appendChild(box);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    let options = [];
    let active = -1;
    let exact = null;
    let index = null;
    let shownFor = null;

    function open(on) {
      box.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
    }

    function select(i) {
      options.forEach((o, j) => o.setAttribute("aria-selected", j === i ? "true" : "false"));
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(href, kind) {
      const a = node("a", kind);
      a.href = href;
      a.id = box.id + "-" + options.length;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      options.push(a);
      return a;
    }

    function head(text) {
      const h = node("p", "ocop-sx-head", text);
      h.setAttribute("role", "presentation");
      return h;
    }

    function render(text) {
      const t = text.trim();
      options = [];
      active = -1;
      exact = null;
      input.removeAttribute("aria-activedescendant");
      box.textContent = "";
      if (!t) {
        open(false);
        return;
      }
      if (!index) {
        box.appendChild(node("p", "ocop-sx-note", T.loading));
        open(true);
        return;
      }
      if (tooShort(text)) {
        box.appendChild(node("p", "ocop-sx-note", T.one_more));
        box.setAttribute("data-q", text);
        shownFor = text;
        open(true);
        return;
      }
      const r = search(index, text, null, [8, 3, 3]);
      exact = r.exact;
      const frag = document.createDocumentFragment();
      if (r.products.count) frag.appendChild(head(T.products));
      const pending = [];
      r.products.top.forEach((d) => {
        const a = option(root + "p/" + d.id + "/", "ocop-sx-p");
        const img = thumb(siteTop, d, "");
        a.appendChild(img);
        const span = node("span");
        span.appendChild(node("b", "", d.name));
        const meta = node("small");
        meta.appendChild(stars(d.stars));
        const who = document.createTextNode(" · " + (d.producer ? d.producer + " · " : "") + d.other);
        meta.appendChild(who);
        span.appendChild(meta);
        a.appendChild(span);
        frag.appendChild(a);
        if (d.thumb === undefined) pending.push({ d: d, img: img, who: who });
      });
      if (r.producers.count) frag.appendChild(head(T.producers));
      r.producers.top.forEach((d) => {
        const a = option(root + "chu-the/" + d.id + "/", "ocop-sx-r");
        const span = node("span");
        span.appendChild(node("b", "", d.name));
        span.appendChild(node("small", "", d.other));
        a.appendChild(span);
        frag.appendChild(a);
      });
      if (r.pages.count) frag.appendChild(head(T.pages + (T.pages_note ? " " + T.pages_note : "")));
      r.pages.top.forEach((d) => {
        const a = option(siteTop + d.id, "ocop-sx-g");
        const span = node("span");
        span.appendChild(node("b", "", d.name));
        if (d.page) span.appendChild(node("small", "", d.page));
        a.appendChild(span);
        frag.appendChild(a);
      });
      const total = r.products.count + r.producers.count + r.pages.count;
      if (!total) {
        frag.appendChild(node("p", "ocop-sx-note", say("nothing_for", "", t)));
        frag.appendChild(option(searchUrl(root, t), "ocop-sx-all")).textContent = T.browse;
      } else {
        frag.appendChild(option(searchUrl(root, t), "ocop-sx-all")).textContent = say("all_results", total, "");
      }
      box.appendChild(frag);
      box.setAttribute("data-q", text);
      shownFor = text;
      open(true);
      if (pending.length) {
        later(() => shownFor === text, pending.map((x) => x.d), () => {
          pending.forEach((x) => {
            if (x.d.thumb) {
              x.img.src = siteTop + "img/" + x.d.thumb;
              x.img.hidden = false;
            }
            x.who.textContent = " · " + (x.d.producer ? x.d.producer + " · " : "") + x.d.other;
          });
        });
      }
    }

    input.addEventListener("input", () => render(input.value));
    input.addEventListener("focus", () => {
      if (input.value.trim()) render(input.value);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (box.hidden || !options.length) return;
        e.preventDefault();
        const n = options.length;
        select(e.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
      } else if (e.key === "Escape") {
        open(false);
        select(-1);
      } else if (e.key === "Enter") {
        if (!box.hidden && active >= 0) {
          e.preventDefault();
          location.href = options[active].href;
        } else if (exact && !box.hidden) {
          e.preventDefault();
          location.href = root + "p/" + exact.id + "/";
        }
      }
    });
    box.addEventListener("mousedown", (e) => e.preventDefault()); // keep focus while clicking
    document.addEventListener("click", (e) => {
      if (!form.contains(e.target)) open(false);
    });
    input.addEventListener("blur", () => setTimeout(() => {
      if (document.activeElement !== input) open(false);
    }, 150));

    getIndex(indexUrl, siteTop).then(
      (ix) => {
        index = ix;
        if (input.value.trim() && (document.activeElement === input || !box.hidden)) render(input.value);
      },
      () => {
        box.textContent = "";
        box.appendChild(node("p", "ocop-sx-note", T.failed_enter));
      }
    );
    if (input.value.trim() && document.activeElement === input) render(input.value);
  }

  // --- cards -------------------------------------------------------------------------------
  /* A product card: the markup of theme/catalogue/_card.html, for every list this script shows.
     The photo's name comes with the product's shard; until then a placeholder stands in its place
     (fillCard). Width and height are the list variant's usual 320 × 240: the CSS gives every card
     photo a 4:3 box whatever the photo's own height. */
  function cardImg(top, d) {
    const img = node("img");
    img.src = top + "img/" + d.thumb;
    img.width = 320;
    img.height = 240;
    img.loading = "lazy";
    img.alt = "";
    return img;
  }

  const metaOf = (h, d) => h.provinces[d.prov][1] + " · " + (T.groups[h.groups[d.group][0]] || h.groups[d.group][1]);
  function statusLabel(h, d) {
    const label = h.statuses.find((s) => s[0] === d.status);
    return T.statuses[d.status] || (label ? label[1] : d.status);
  }

  /* ``root``: the top of the page's edition (product links); ``top``: the site's (photos). */
  function card(root, h, d, top) {
    const li = node("li", "card");
    li.appendChild(d.thumb ? cardImg(top, d) : node("span", "ph"));
    const a = node("a", "", d.name);
    a.href = root + "p/" + d.id + "/";
    li.appendChild(a);
    li.appendChild(stars(d.stars));
    li.appendChild(node("span", "meta", metaOf(h, d)));
    if (d.status !== "valid") li.appendChild(node("span", "chip " + d.status, statusLabel(h, d)));
    return li;
  }

  /* Words unchanged (the same stars, province, group) are not laid out again. */
  function setText(e, text) {
    const t = e.firstChild;
    if (t && t === e.lastChild && t.nodeType === 3 && text) {
      if (t.data !== text) t.data = text;
    } else {
      e.textContent = text;
    }
  }

  /* ``li``, a card of a product no longer listed, made ``d``'s card: the same markup as card(),
     the same elements kept (only words change: nothing to style or box anew, which matters when a
     keystroke changes every card). The photo is always a new element: never the old product's
     photo under the new name while the new one loads. */
  function recard(root, h, d, li, top) {
    const c = li.children;
    if (c.length < 5 || c[1].tagName !== "A") return card(root, h, d, top);
    if (d.thumb) li.replaceChild(cardImg(top, d), c[0]);
    else if (c[0].className !== "ph") li.replaceChild(node("span", "ph"), c[0]);
    setText(c[1], d.name);
    c[1].href = root + "p/" + d.id + "/";
    setText(c[2], "★".repeat(d.stars));
    setText(c[3], say("stars", d.stars, ""));
    setText(c[4], metaOf(h, d));
    const chip = c[5];
    if (d.status === "valid") {
      if (chip) li.removeChild(chip);
    } else if (chip) {
      chip.className = "chip " + d.status;
      setText(chip, statusLabel(h, d));
    } else {
      li.appendChild(node("span", "chip " + d.status, statusLabel(h, d)));
    }
    return li;
  }

  function fillCard(top, li, d) {
    const ph = li.firstElementChild;
    if (d.thumb && ph.className === "ph") li.replaceChild(cardImg(top, d), ph);
  }

  /* The positions (in ``seq``) of a longest strictly increasing run of its values, -1s left out. */
  function increasing(seq) {
    const tails = [];
    const prev = new Array(seq.length);
    for (let i = 0; i < seq.length; i++) {
      const v = seq[i];
      if (v < 0) continue;
      let lo = 0;
      let hi = tails.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (seq[tails[mid]] < v) lo = mid + 1;
        else hi = mid;
      }
      prev[i] = lo ? tails[lo - 1] : -1;
      tails[lo] = i;
    }
    const out = new Set();
    for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.add(i);
    return out;
  }

  /* Make ``list``'s cards exactly ``want``, in that order, touching as few as possible: the
     longest run of cards already in the right order stays where it is (a card taken out and put
     back is styled and laid out anew, and typing mostly keeps cards); the others are removed,
     or inserted (moved) a run at a time. */
  function place(list, want) {
    const wanted = new Set(want);
    const at = new Map();
    for (const li of Array.from(list.children)) {
      if (wanted.has(li)) at.set(li, at.size);
      else list.removeChild(li);
    }
    const stay = increasing(want.map((li) => (at.has(li) ? at.get(li) : -1)));
    let next = null;
    let run = 0; // want[j + 1 .. j + run] go before ``next``
    const flush = (j) => {
      if (!run) return;
      const frag = document.createDocumentFragment();
      for (let k = j + 1; k <= j + run; k++) frag.appendChild(want[k]);
      list.insertBefore(frag, next);
      run = 0;
    };
    for (let j = want.length - 1; j >= 0; j--) {
      if (stay.has(j)) {
        flush(j);
        next = want[j];
      } else run++;
    }
    flush(-1);
  }

  // --- result pages: /tim-kiem/ and /san-pham/ -----------------------------------------------
  const FIELDS = ["q", "tinh", "nhom", "sao"];
  const ANY = () => true;

  /* The search page and the all-products page are one controller over the same index: the same
     folding, matching, ranking and cards, the text and filters kept in the URL. They differ in
     ``o``: the search page asks for at least two letters (or a filter), shows 24 at a time and
     lists producers and narrative pages too; the all-products page (``o.all``) is the whole
     catalogue filtered while no word is typed, 60 at a time (ALL_PAGE_FIRST in
     ocop/build/pages.py, the cards the server rendered). With no words, the order is ranking's
     own tie-break: stars, 5 first, then the folded name, the name, the id. Elements are
     ``o.prefix`` + status, results, more, others, browse, help. */
  function resultsPage(page, o) {
    const form = page.querySelector("form");
    const el = form.elements;
    const root = page.getAttribute("data-ocop-root") || "../";
    const siteTop = page.getAttribute("data-ocop-top") || root; // photos and the Vietnamese-only pages
    const $ = (name) => document.getElementById(o.prefix + name);
    const status = $("status");
    const list = $("results");
    const more = $("more");
    const others = $("others");
    const browseLinks = $("browse");
    const help = $("help");
    const params = new URLSearchParams(location.search);
    FIELDS.forEach((f) => {
      if (params.has(f) && el[f]) el[f].value = params.get(f);
    });
    el.hieuluc.checked = params.get("hieuluc") === "1";
    let index = null;
    let shown = o.per;
    let last = null;
    let gen = 0; // a new list (not more of the same): cards still waiting for a shard are dropped
    /* The cards in the list by product id, reused when a product stays (typing mostly narrows):
       no new nodes, no photo fetched twice; left where they are when they keep their order
       (place), and the cards of products that go rewritten for those that come (recard). A
       keystroke then restyles and lays out only what changed: every card is always fully
       rendered (no content-visibility), its name real text for readers, find-in-page and scripts.
       The server's cards count too, so opening the all-products page costs no shard for the
       products it already shows. */
    let shownCards = new Map();
    list.querySelectorAll(".card").forEach((li) => {
      const a = li.querySelector("a");
      if (a) shownCards.set(a.getAttribute("href").split("/").slice(-2)[0], li);
    });

    function filterFn() {
      const tinh = el.tinh.value;
      const nhom = el.nhom.value;
      const sao = +el.sao.value;
      const valid = el.hieuluc.checked;
      if (!tinh && !nhom && !sao && !valid) return null;
      const provI = tinh ? index.h.provinces.findIndex((p) => p[0] === tinh) : -1;
      const groupI = nhom ? index.h.groups.findIndex((g) => g[0] === nhom) : -1;
      return (d) =>
        (!tinh || d.prov === provI) &&
        (!nhom || d.group === groupI) &&
        (!sao || d.stars === sao) &&
        (!valid || d.status === "valid" || d.status === "expiring");
    }

    function writeUrl() {
      const p = new URLSearchParams();
      FIELDS.forEach((f) => {
        if (el[f].value.trim()) p.set(f, el[f].value.trim());
      });
      if (el.hieuluc.checked) p.set("hieuluc", "1");
      const qs = p.toString();
      history.replaceState(null, "", qs ? "?" + qs : location.pathname);
    }

    function linkList(title, items, href, sub) {
      const sec = node("section", "search-other");
      sec.appendChild(node("h2", "", title));
      const ul = node("ul", "links");
      items.forEach((d) => {
        const li = node("li");
        const a = node("a", "", d.name);
        a.href = href(d);
        li.appendChild(a);
        if (sub(d)) li.appendChild(node("small", "", sub(d)));
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      return sec;
    }

    /* ``grow``: "show more" — the results are the same, so only the next cards are added. */
    function render(grow) {
      const text = el.q.value;
      const filter = filterFn();
      const noWords = !fold(text);
      writeUrl();
      if (!o.all && tooShort(text) && !filter) {
        gen++;
        shownCards = new Map();
        list.textContent = "";
        others.textContent = "";
        status.textContent = T.type_more;
        status.setAttribute("data-q", text);
        more.hidden = true;
        browseLinks.hidden = false;
        return;
      }
      const fkey = [el.tinh.value, el.nhom.value, el.sao.value, el.hieuluc.checked].join("|");
      const words = !filter && !noWords;
      const r = o.all && noWords
        ? search(index, "", filter || ANY, [shown, 0, 0], fkey)
        : search(index, text, filter, [shown, words ? 5 : 0, words && o.pages ? 5 : 0], fkey);
      last = r;
      const n = r.products.count;
      const t = o.all && noWords ? "" : text.trim();
      if (n) {
        status.textContent = say(t ? "count_for" : "count", n, t);
      } else {
        status.textContent = say(t ? "none_for" : "none", n, t);
      }
      if (!grow) {
        others.textContent = "";
        if (r.producers.count)
          others.appendChild(linkList(say("producers_n", r.producers.count, ""), r.producers.top, (d) => root + "chu-the/" + d.id + "/", (d) => d.other));
        if (r.pages.count)
          others.appendChild(linkList(T.pages + (T.pages_note ? " " + T.pages_note : ""), r.pages.top, (d) => siteTop + d.id, (d) => d.page));
      }
      const top = r.products.top;
      const from = grow ? list.children.length : 0;
      const before = shownCards;
      if (!grow) {
        gen++;
        shownCards = new Map();
      }
      const want = [];
      const todo = [];
      const rows = top.slice(from);
      /* The cards of products that go become the cards of products that come, in their order
         (a keystroke that changes every card then moves none). */
      const spare = [];
      let k = 0;
      if (!grow) {
        const stays = new Set(rows.map((d) => d.id));
        before.forEach((li, id) => {
          if (!stays.has(id)) spare.push(li);
        });
      }
      rows.forEach((d) => {
        let li = before.get(d.id);
        if (!li) li = k < spare.length ? recard(root, index.h, d, spare[k++], siteTop) : card(root, index.h, d, siteTop);
        else if (li.firstElementChild.className === "ph") fillCard(siteTop, li, d);
        shownCards.set(d.id, li);
        want.push(li);
        if (d.thumb === undefined && li.firstElementChild.className === "ph") todo.push([li, d]);
      });
      if (grow) {
        const frag = document.createDocumentFragment();
        want.forEach((li) => frag.appendChild(li));
        list.appendChild(frag);
      } else {
        place(list, want);
      }
      const g = gen;
      if (todo.length)
        later(() => g === gen, todo.map((x) => x[1]), () => todo.forEach((x) => fillCard(siteTop, x[0], x[1])));
      list.setAttribute("data-q", text);
      more.hidden = n <= shown;
      if (!o.all) browseLinks.hidden = n > 0;
    }

    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (index && last && last.exact) location.href = root + "p/" + last.exact.id + "/";
      else if (index) render(false);
    });
    form.addEventListener("input", (e) => {
      if (!index) return;
      shown = o.per;
      if (e.target === el.q) render(false);
    });
    form.addEventListener("change", (e) => {
      if (!index || e.target === el.q) return;
      shown = o.per;
      render(false);
    });
    more.addEventListener("click", () => {
      shown += o.per;
      render(true);
    });

    form.hidden = false;
    if (help) help.hidden = true;
    // The all-products page's server list is right until a filter in the URL says otherwise.
    if (!o.all || location.search) status.textContent = T.index_loading;
    getIndex(page.getAttribute("data-ocop-index"), siteTop).then(
      (ix) => {
        index = ix;
        const q = el.q.value.trim().toLowerCase();
        const pq = parse(q);
        const hit = !o.all && q && ix.products.find((d) => idTier(pq, d) === 0);
        if (hit) {
          location.replace(root + "p/" + hit.id + "/");
          return;
        }
        render(false);
      },
      () => {
        status.textContent = T.failed;
        browseLinks.hidden = false;
        if (o.all) form.hidden = true; // filters that cannot work
      }
    );
  }

  window.OcopSearch = {
    fold: fold,
    words: words,
    toneKey: toneKey,
    toneParts: toneParts,
    hasMarks: hasMarks,
    endsInWord: endsInWord,
    foldLines: foldLines,
    rank: rank,
    order: order,
    load: load,
    search: search,
  };

  /* The pages first: they name the hashed index, and the header box under them shares it (no
     request for the pointer). */
  function start() {
    const page = document.getElementById("search-page");
    if (page) resultsPage(page, { prefix: "search-", per: 24, pages: true });
    const all = document.getElementById("all-products");
    if (all) resultsPage(all, { prefix: "all-", per: 60, all: true });
    document.querySelectorAll("form[data-ocop-index]").forEach(dropdown);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
