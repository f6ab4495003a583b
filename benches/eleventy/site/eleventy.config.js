// The Eleventy side of benches/compare-eleventy.sh: the same pages as the Hugo comparison
// site (all films by Metascore, 100 a page; a page per film with its reviews, best first; a
// page per critic with their reviews, newest first; the critics A-Z), made from the films and
// reviews that examples/peer_site.rs writes to _data/films.json. The Metascores, labels and
// distributions are computed here, as a site builder's own code would.
import { readFileSync } from "node:fs";

function label(ms) {
  if (ms >= 81) return "Universal acclaim";
  if (ms >= 61) return "Generally favorable";
  if (ms >= 40) return "Mixed or average";
  if (ms >= 20) return "Generally unfavorable";
  return "Overwhelming dislike";
}

function band(score) {
  return score >= 61 ? "pos" : score >= 40 ? "mix" : "neg";
}

function catalog(input) {
  const films = JSON.parse(readFileSync(`${input}/_data/films.json`, "utf8"));
  const critics = new Map();
  for (const film of films) {
    film.reviews.sort((a, b) => b.score - a.score || a.critic.localeCompare(b.critic));
    const n = film.reviews.length;
    const sum = film.reviews.reduce((s, r) => s + r.score, 0);
    film.metascore = n ? Math.floor(sum / n + 0.5) : 0;
    film.label = label(film.metascore);
    film.band = band(film.metascore);
    film.positive = film.reviews.filter((r) => r.score >= 61).length;
    film.mixed = film.reviews.filter((r) => r.score >= 40 && r.score < 61).length;
    film.negative = n - film.positive - film.mixed;
    for (const review of film.reviews) {
      review.band = band(review.score);
      if (!review.critic) continue;
      let critic = critics.get(review.critic_slug);
      if (!critic) {
        critic = { slug: review.critic_slug, name: review.critic, reviews: [] };
        critics.set(review.critic_slug, critic);
      }
      critic.reviews.push({ ...review, film });
    }
  }
  for (const critic of critics.values()) {
    critic.reviews.sort((a, b) => (b.date || "").localeCompare(a.date || ""));
  }
  return {
    films,
    byScore: [...films].sort((a, b) => b.metascore - a.metascore || a.slug.localeCompare(b.slug)),
    critics: [...critics.values()].sort((a, b) => a.slug.localeCompare(b.slug)),
  };
}

export default function (eleventyConfig) {
  const input = eleventyConfig.directories?.input ?? ".";
  eleventyConfig.addGlobalData("catalog", () => catalog(input));
  return { dir: { input: ".", includes: "_includes" } };
}
