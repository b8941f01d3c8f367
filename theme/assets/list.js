/* All-products filters: loads the compact product list and filters it in the browser.
   Rows: [id, name, stars, groupKey, provinceSlug, status, producerName, thumbWebp].
   Without JavaScript the page keeps its server-rendered first cards and browse links. */
(function () {
  "use strict";
  const form = document.getElementById("filters");
  const list = document.getElementById("product-list");
  const count = document.getElementById("result-count");
  if (!form || !list || !count || !window.fetch || !window.URLSearchParams) return;
  const PAGE = 60;
  const FIELDS = ["q", "tinh", "nhom", "sao"];
  const root = list.getAttribute("data-root");
  const status = JSON.parse(list.getAttribute("data-status"));
  const el = form.elements;
  let rows = [];
  let matches = [];
  let shown = PAGE;
  let timer = 0;

  const fold = (s) =>
    s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();

  function labels(select) {
    const m = {};
    for (let i = 0; i < select.options.length; i++) m[select.options[i].value] = select.options[i].textContent;
    return m;
  }
  const provinces = labels(el.tinh);
  const groups = labels(el.nhom);

  function node(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function card(r) {
    const li = node("li", "card");
    if (r[7]) {
      const img = node("img");
      img.src = root + "img/" + r[7];
      img.loading = "lazy";
      img.alt = "";
      img.width = 320;
      img.height = 240;
      li.appendChild(img);
    } else {
      li.appendChild(node("span", "ph"));
    }
    const a = node("a", "", r[1]);
    a.href = root + "p/" + r[0] + "/";
    li.appendChild(a);
    const st = node("span", "stars", "★".repeat(r[2]));
    st.setAttribute("aria-hidden", "true");
    li.appendChild(st);
    li.appendChild(node("span", "vh", r[2] + " sao"));
    li.appendChild(node("span", "meta", (provinces[r[4]] || r[4]) + " · " + (groups[r[3]] || r[3])));
    if (r[5] !== "valid" && status[r[5]]) li.appendChild(node("span", "chip " + r[5], status[r[5]][0]));
    return li;
  }

  const more = node("button", "button more", "Xem thêm");
  more.type = "button";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  function render() {
    const frag = document.createDocumentFragment();
    matches.slice(0, shown).forEach((r) => frag.appendChild(card(r)));
    list.textContent = "";
    list.appendChild(frag);
    count.textContent = matches.length ? matches.length + " sản phẩm" : "Không có sản phẩm phù hợp";
    more.hidden = matches.length <= shown;
  }

  function apply() {
    const words = fold(el.q.value).split(/\s+/).filter(Boolean);
    const tinh = el.tinh.value;
    const nhom = el.nhom.value;
    const sao = Number(el.sao.value);
    const valid = el.hieuluc.checked;
    matches = rows.filter(
      (r) =>
        (!tinh || r[4] === tinh) &&
        (!nhom || r[3] === nhom) &&
        (!sao || r[2] === sao) &&
        (!valid || r[5] === "valid" || r[5] === "expiring") &&
        words.every((w) => r.key.indexOf(w) >= 0)
    );
    shown = PAGE;
    render();
    const params = new URLSearchParams();
    FIELDS.forEach((f) => {
      if (el[f].value.trim()) params.set(f, el[f].value.trim());
    });
    if (valid) params.set("hieuluc", "1");
    const qs = params.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
  }

  function restore() {
    const params = new URLSearchParams(location.search);
    FIELDS.forEach((f) => {
      if (params.has(f)) el[f].value = params.get(f);
    });
    el.hieuluc.checked = params.get("hieuluc") === "1";
  }

  more.addEventListener("click", () => {
    shown += PAGE;
    render();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("change", apply);
  form.addEventListener("input", (e) => {
    if (e.target === el.q) {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    }
  });

  fetch(list.getAttribute("data-src"))
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then((data) => {
      rows = data;
      rows.forEach((r) => {
        r.key = fold(r[0] + " " + r[1] + " " + r[6]);
      });
      restore();
      form.hidden = false;
      apply();
    })
    .catch(() => {
      /* Keep the server-rendered list and the browse links. */
    });
})();
