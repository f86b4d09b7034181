//! The language of messages: Chinese for the clerk by default, English on request.

/// Language of every message the tool writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Pick the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Fill `{name}` placeholders of a message template.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_named_placeholders() {
        assert_eq!(
            super::fill(
                "{a} + {b} = {a}{b}",
                &[("a", "1".into()), ("b", "2".into())]
            ),
            "1 + 2 = 12"
        );
    }
}
