// The film page's reviews, sorted and announced. The page works without this script: the
// filter is links and the stylesheet (#positive shows the positive reviews, #top-critics
// the top critics'), and the reviews stand in their default order. With it, a "Sort by"
// control is added, the chosen order is kept in the address (?sort=newest), and each change
// of filter or order is announced to screen readers with the count shown.
(function () {
  "use strict";
  var list = document.querySelector("ol.reviews");
  var tools = document.querySelector(".review-tools");
  var status = document.querySelector(".filter-status");
  if (!list || !tools || !status) return;
  var items = Array.prototype.slice.call(list.children);
  var FILTERS = ["positive", "mixed", "negative", "top-critics"];
  var ORDERS = {
    score: "Score: high to low",
    "score-low": "Score: low to high",
    newest: "Date: newest first",
    oldest: "Date: oldest first",
    publication: "Publication: A to Z"
  };
  // The page's words for them, in its language (data-sort-* of the tools; English when a
  // site's own template leaves them out).
  Object.keys(ORDERS).forEach(function (key) {
    ORDERS[key] = tools.getAttribute("data-sort-" + key) || ORDERS[key];
  });

  // What each review is sorted by, read once from its card.
  var keys = items.map(function (li, i) {
    var score = li.querySelector(".score");
    var digits = score && /\d+/.exec(score.textContent);
    var time = li.querySelector("time");
    var pub = li.querySelector(".byline a[href*='/publications/']");
    return {
      li: li,
      index: i,
      score: digits ? Number(digits[0]) : null,
      date: time ? time.getAttribute("datetime") : null,
      publication: pub ? pub.textContent.trim().toLowerCase() : null
    };
  });

  // Missing values go last whichever way a list is sorted.
  function compare(a, b, pick, descending) {
    var x = pick(a), y = pick(b);
    if (x === y) return a.index - b.index;
    if (x === null) return 1;
    if (y === null) return -1;
    var c = x < y ? -1 : 1;
    return descending ? -c : c;
  }
  var SORTS = {
    score: function (a, b) { return a.index - b.index; },
    "score-low": function (a, b) { return compare(a, b, function (k) { return k.score; }, false); },
    newest: function (a, b) { return compare(a, b, function (k) { return k.date; }, true); },
    oldest: function (a, b) { return compare(a, b, function (k) { return k.date; }, false); },
    publication: function (a, b) { return compare(a, b, function (k) { return k.publication; }, false); }
  };

  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  status.parentNode.insertBefore(live, status.nextSibling);

  var label = document.createElement("label");
  label.className = "review-sort";
  label.appendChild(document.createTextNode((tools.getAttribute("data-sort-label") || "Sort by") + " "));
  var select = document.createElement("select");
  Object.keys(ORDERS).forEach(function (key) {
    var option = document.createElement("option");
    option.value = key;
    option.textContent = ORDERS[key];
    select.appendChild(option);
  });
  label.appendChild(select);
  tools.appendChild(label);

  function filter() {
    var hash = location.hash.slice(1);
    return FILTERS.indexOf(hash) >= 0 ? hash : "all";
  }
  function order() {
    var sort = new URLSearchParams(location.search).get("sort");
    return ORDERS.hasOwnProperty(sort) ? sort : "score";
  }
  function announce() {
    var current = filter();
    tools.querySelectorAll("a[data-filter]").forEach(function (a) {
      if (a.getAttribute("data-filter") === current) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    var shown = status.querySelector(".for-" + current);
    live.textContent = (shown ? shown.textContent : "") + " " + ORDERS[order()] + ".";
  }
  // The film's other pages of reviews keep the chosen filter and order.
  var pager = list.parentNode.querySelectorAll(".pager a[href]");
  function carry() {
    var query = location.search, hash = location.hash;
    pager.forEach(function (a) {
      var href = a.getAttribute("href").split(/[?#]/)[0];
      a.setAttribute("href", href + query + hash);
    });
  }
  function sort(key) {
    var fragment = document.createDocumentFragment();
    keys.slice().sort(SORTS[key]).forEach(function (k) { fragment.appendChild(k.li); });
    list.appendChild(fragment);
  }

  select.value = order();
  if (select.value !== "score") sort(select.value);
  select.addEventListener("change", function () {
    var params = new URLSearchParams(location.search);
    if (select.value === "score") params.delete("sort");
    else params.set("sort", select.value);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    sort(select.value);
    announce();
    carry();
  });
  window.addEventListener("hashchange", function () {
    announce();
    carry();
  });
  announce();
  carry();
})();
