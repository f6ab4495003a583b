//! A person's page (`people/<slug>/`): every film a director, writer, composer or cast
//! member is credited on, by year, with its Metascore and their roles, and their career in
//! numbers and in a chart; and the list of everyone (`people/`).

use super::charts;
use super::renderer::{Job, Renderer, pages};
use super::views::{CreditView, Page, PersonRow, PersonView};
use crate::aggregate::people::Credit;
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
                roles: c.named(),
            })
            .collect();
        // Every role they have, over all their films.
        let all = all_roles(&person.credits);
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
            roles: all.named(),
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
            chart_svg: charts::career(&points),
        };
        p.head.description = Some(match career.average {
            Some(average) => format!(
                "{}: {} film{} on {}, an average Metascore of {average} from {} scored.",
                person.name,
                person.credits.len(),
                if person.credits.len() == 1 { "" } else { "s" },
                site.config.title,
                career.scored
            ),
            None => format!(
                "{}: {} film{} on {}.",
                person.name,
                person.credits.len(),
                if person.credits.len() == 1 { "" } else { "s" },
                site.config.title
            ),
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
                roles: all_roles(&person.credits).named(),
            })
            .collect();
        p.head.description = Some(format!(
            "The directors, writers, composers and cast of the films on {}.",
            site.config.title
        ));
        p.ctx.insert("people", &people);
        p.pager = Some(
            self.shared
                .pager(routes::PEOPLE, page, pages(site.people.len(), per)),
        );
        (
            routes::paged(routes::PEOPLE, page),
            "people.html",
            "People".to_string(),
        )
    }
}

/// Every role of a person's `credits` at once, as one credit holds them.
fn all_roles(credits: &[Credit]) -> Credit {
    credits.iter().fold(
        Credit {
            film: 0,
            director: false,
            writer: false,
            composer: false,
            cast: false,
        },
        |all, c| Credit {
            director: all.director || c.director,
            writer: all.writer || c.writer,
            composer: all.composer || c.composer,
            cast: all.cast || c.cast,
            ..all
        },
    )
}
