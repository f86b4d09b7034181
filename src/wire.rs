//! Serde helpers for what crosses the pipe between the run and its worker processes
//! ([`crate::isolate`]). The result model uses `&'static str` for ids that are literals of
//! this binary (rule ids, failure kinds, layout keys); read back, they are interned once.

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde::{Deserialize, Deserializer};

use crate::layout::TableId;

/// The one copy of a string that is a literal of this binary on the worker's side: the set
/// of such strings is finite (ids and keys), so each is allocated once for the whole run.
pub fn intern(text: &str) -> &'static str {
    static INTERNED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut set = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = set.get(text) {
        return found;
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    set.insert(leaked);
    leaked
}

/// `#[serde(deserialize_with = "crate::wire::static_str")]`.
pub fn static_str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    Ok(intern(&text))
}

/// A table by its number (2, 3, 4).
pub fn table_id(number: u8) -> Option<TableId> {
    TableId::ALL.into_iter().find(|t| t.number() == number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_is_interned_once() {
        let a = intern("T3-BALANCE");
        let b = intern(&String::from("T3-BALANCE"));
        assert!(std::ptr::eq(a, b));
    }
}
