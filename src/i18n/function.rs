//! `trans`, the template function that writes a message of the site's language:
//! `{{ trans(key="nav.films") }}`, `{{ trans(key="count.films", count=film_count) }}`,
//! `{{ trans(key="who.reviews_by", name=critic.name) }}`.

use std::borrow::Cow;
use std::sync::Arc;

use tera::Value;

use super::{Arg, Strings, fill, placeholders};

/// The template function `trans`. A message is the theme's own text and may hold inline
/// HTML; every value put into it is escaped but those already safe (another `trans`, or a
/// value filtered `| safe`), so its result is printed as it is.
/// (Messages that take no value are also `t`, made once per build: templates read them
/// there rather than calling this on every page.)
pub struct Trans {
    strings: Arc<Strings>,
}

impl Trans {
    /// `trans` over `strings`.
    pub fn new(strings: Arc<Strings>) -> Trans {
        Trans { strings }
    }
}

impl tera::Function<Result<Value, tera::Error>> for Trans {
    fn call(&self, kwargs: tera::Kwargs, _: &tera::State<'_>) -> Result<Value, tera::Error> {
        let key: &str = kwargs.must_get("key").map_err(|_| {
            tera::Error::message(
                "`trans` needs `key`, the name of a message: trans(key=\"nav.films\")",
            )
        })?;
        let strings = &self.strings;
        if !strings.has(key) {
            return Err(tera::Error::message(format!(
                "`trans`: there is no message `{key}` (i18n/en.toml in Marquee's repository lists them all)"
            )));
        }
        let mut count = None;
        let mut texts: Vec<(&str, Cow<'_, str>, bool)> = Vec::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str().filter(|n| *n != "key") else {
                continue;
            };
            if name == "count" {
                count = Some(
                    value
                        .as_u64()
                        .or_else(|| value.as_i64().map(|i| i.max(0) as u64))
                        .or_else(|| value.as_f64().map(|f| f.max(0.0) as u64))
                        .ok_or_else(|| {
                            tera::Error::message(format!(
                                "`trans` of `{key}`: `count` must be a number, not {value}"
                            ))
                        })?,
                );
            }
            let text = if let Some(s) = value.as_str() {
                Cow::Borrowed(s)
            } else if let Some(i) = value.as_i64() {
                Cow::Owned(i.to_string())
            } else if let Some(u) = value.as_u64() {
                Cow::Owned(u.to_string())
            } else if let Some(f) = value.as_f64() {
                Cow::Owned(strings.decimal(f, 1))
            } else if value.is_none() || value.is_undefined() {
                Cow::Borrowed("")
            } else {
                Cow::Owned(value.to_string())
            };
            texts.push((name, text, value.is_safe()));
        }
        let message = match count {
            Some(n) => strings.form(key, n),
            None => strings.get(key),
        };
        if let Some(missing) =
            placeholders(message).find(|name| !texts.iter().any(|(n, _, _)| n == name))
        {
            return Err(tera::Error::message(format!(
                "`trans` of `{key}`: the message has `{{{missing}}}`, and no `{missing}=` was given"
            )));
        }
        let args: Vec<(&str, Arg<'_>)> = texts
            .iter()
            .map(|(n, t, safe)| {
                let arg = if *safe { Arg::Html(t) } else { Arg::Text(t) };
                (*n, arg)
            })
            .collect();
        Ok(Value::safe_string(&fill(message, &args, true)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}
