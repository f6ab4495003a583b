//! A person's page (`people/<slug>/`): every film a director, writer, composer or cast
//! member is credited on, by year, with its Metascore and their roles, and their career in
//! numbers and in a chart; and the list of everyone (`people/`).

use super::charts;
use super::renderer::{Job, Renderer, pages};
use super::views::{CreditView, Page, PersonRow, PersonView};
use crate::i18n::Arg;
use crate::routes;

impl<'a> Renderer<'a> {
    /// A person's page: its path, template and title; what it shows goes into `p`.
    pub(super) fn person_page(&self, p: &mut Page, i: usize) -> (String, &'static str, String) {
        let site = self.shared.site;
        let person = &site.people[i];
        let credits: Vec<CreditView<'_>> = person
            .credits
            .iter()
            .map(|c| CreditView {
                card: self.film_card(c.film),
                roles: c.named(self.shared.strings),
            })
            .collect();
        let mut points: Vec<(u16, u8)> = person
            .credits
            .iter()
            .filter_map(|c| {
                let entry = &site.films[c.film];
                Some((entry.film.year, entry.stats.metascore?))
            })
            .collect();
        // Credits run newest first; the chart reads left to right, oldest first.
        points.reverse();
        let career = person.career;
        let view = PersonView {
            name: &person.name,
            films: person.credits.len(),
            roles: person.roles(self.shared.strings),
            scored: career.scored,
            average: career.average,
            average_band: career
                .average
                .map_or("tbd", |m| crate::score::metascore_band(m).as_str()),
            best: career.best.map(|f| self.film_card(f)),
            worst: career
                .worst
                .filter(|_| career.scored > 1)
                .map(|f| self.film_card(f)),
            chart_svg: charts::career(self.shared.strings, &points),
        };
        let strings = self.shared.strings;
        let films = strings.count("count.films", person.credits.len() as u64, &[]);
        let args = [
            ("name", Arg::Text(&person.name)),
            ("films", Arg::Text(&films)),
            ("site", Arg::Text(&site.config.title)),
        ];
        p.head.description = Some(match career.average {
            Some(average) => strings.format(
                "people.page_description_average",
                &[
                    args[0],
                    args[1],
                    args[2],
                    ("average", Arg::from(average)),
                    ("scored", Arg::from(career.scored)),
                ],
            ),
            None => strings.format("people.page_description", &args),
        });
        p.ctx.insert("person", &view);
        p.ctx.insert("credits", &credits);
        (
            routes::person(person.slug.as_str()),
            "person.html",
            person.name.clone(),
        )
    }

    /// A page of the list of people, A to Z: its path, template and title; what it shows
    /// goes into `p`.
    pub(super) fn people_page(&self, p: &mut Page, page: usize) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let range = self.shows(Job::People { page }).people.unwrap_or_default();
        let people: Vec<PersonRow<'_>> = site.people[range]
            .iter()
            .map(|person| PersonRow {
                name: &person.name,
                url: self.shared.url(&routes::person(person.slug.as_str())),
                films: person.credits.len(),
                roles: person.roles(self.shared.strings),
            })
            .collect();
        p.head.description = Some(self.shared.strings.format(
            "people.description",
            &[("site", Arg::Text(&site.config.title))],
        ));
        p.ctx.insert("people", &people);
        p.pager = Some(
            self.shared
                .pager(routes::PEOPLE, page, pages(site.people.len(), per)),
        );
        (
            routes::paged(routes::PEOPLE, page),
            "people.html",
            self.shared.strings.get("people.title").to_string(),
        )
    }
}
