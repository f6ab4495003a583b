// Client-side search for Marquee sites. The search page works without this script (it lists
// every film by title); with it, typing filters films, people, critics and publications from the
// compact index written at build time (search.json), fetched on first use.
(function () {
  "use strict";
  var form = document.querySelector("form[data-index]");
  if (!form) return;
  // The page says searching as you type needs this script; it runs, so it says nothing.
  var without = document.getElementById("search-without-script");
  if (without) without.remove();
  var input = form.querySelector("input[name=q]");
  var out = document.getElementById("search-results");
  var base = form.getAttribute("data-base");
  var index = null;
  var loading = null;
  // How many hits of a kind are listed; the page says so in its language (data-msg-more).
  var LIMIT = Number(form.getAttribute("data-limit")) || 50;
  // The page's words, in its language: data-msg-* attributes of the form (English when a
  // site's own template leaves them out).
  function msg(name, fallback, values) {
    var text = form.getAttribute("data-msg-" + name) || fallback;
    for (var k in values || {}) text = text.split("{" + k + "}").join(values[k]);
    return text;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          var prep = function (rows, kind) {
            return rows.map(function (row) {
              // A film is found by its title and its year ("pusher 1996").
              var text = kind === "films" ? row[0] + " " + row[1] : row[0];
              return { row: row, kind: kind, words: words(text) };
            });
          };
          index = {
            films: prep(data.films, "films"),
            critics: prep(data.critics, "critics"),
            publications: prep(data.publications, "publications"),
            people: prep(data.people || [], "people"),
            posters: data.posters || {},
          };
        });
    }
    return loading;
  }
  function matches(entry, query) {
    return query.every(function (q) {
      return entry.words.some(function (w) { return w.indexOf(q) === 0; });
    });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function section(title, found, line) {
    var s = el("section", {});
    s.appendChild(el("h2", {}, title + " (" + found.length + ")"));
    var list = el("ul", { "class": "search-hits" });
    found.slice(0, LIMIT).forEach(function (entry) {
      var li = el("li", {});
      line(li, entry.row);
      list.appendChild(li);
    });
    s.appendChild(list);
    if (found.length > LIMIT) {
      s.appendChild(el("p", {}, msg("more", "Showing the first {count}; add a word to narrow the search.", { count: LIMIT })));
    }
    return s;
  }
  function show() {
    var query = words(input.value);
    out.textContent = "";
    if (!query.length || !index) return;
    var pick = function (list) {
      return list.filter(function (e) { return matches(e, query); });
    };
    var films = pick(index.films);
    var critics = pick(index.critics);
    var pubs = pick(index.publications);
    var people = pick(index.people);
    if (!films.length && !critics.length && !pubs.length && !people.length) {
      out.appendChild(el("p", {}, msg("none", "Nothing matches \u201c{query}\u201d.", { query: input.value.trim() })));
      return;
    }
    if (films.length) {
      out.appendChild(section(msg("films", "Films"), films, function (li, row) {
        if (row[3] !== null) {
          var badge = el("span", { "class": "ms " + (row[4] || "tbd") });
          badge.appendChild(el("span", { "class": "visually-hidden" }, msg("score", "Score: ")));
          badge.appendChild(document.createTextNode(row[3]));
          li.appendChild(badge);
          li.appendChild(document.createTextNode(" "));
        }
        var poster = index.posters[row[2]];
        if (poster) {
          li.appendChild(el("img", {
            "class": "search-thumb", src: base + "films/" + row[2] + "/" + poster,
            alt: "", width: "32", height: "48", loading: "lazy", decoding: "async"
          }));
        }
        li.appendChild(el("a", { href: base + "films/" + row[2] + "/" }, row[0]));
        li.appendChild(document.createTextNode(" (" + row[1] + ")"));
      }));
    }
    [[msg("people", "People"), people, "people/"], [msg("critics", "Critics"), critics, "critics/"],
     [msg("publications", "Publications"), pubs, "publications/"]].forEach(function (g) {
      if (!g[1].length) return;
      out.appendChild(section(g[0], g[1], function (li, row) {
        li.appendChild(el("a", { href: base + g[2] + row[1] + "/" }, row[0]));
      }));
    });
  }
  function run() {
    load().then(show, function () {
      out.textContent = msg("failed", "The search index could not be loaded; browse the lists below instead.");
    });
  }
  input.addEventListener("input", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run();
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
})();
