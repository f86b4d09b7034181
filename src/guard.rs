//! Panics caught where one file is read or checked. A third-party parser's panic on a damaged
//! file is that file's error, and a panic of nianbao's own is that file's `internal_error`;
//! neither may end a run over thousands of files, nor print a backtrace over its progress
//! bar: the message goes into the file's result instead.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// How many [`catch`] calls this thread is inside: its panics are caught and reported.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Run `f`, turning a panic into its message. The panic hook stays silent for it; every
/// other panic is passed on to the hook that was installed before (installed once).
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.get() == 0 {
                previous(info);
            }
        }));
    });
    CATCHING.set(CATCHING.get() + 1);
    let outcome = catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(CATCHING.get() - 1);
    outcome.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(super::catch(|| 7), Ok(7));
        let caught: Result<(), String> = super::catch(|| panic!("slice index {}", 3));
        assert_eq!(caught, Err("slice index 3".to_string()));
        // Nested: the inner catch leaves the outer one in force.
        let outer = super::catch(|| {
            let _ = super::catch(|| panic!("inner"));
            panic!("outer")
        });
        assert_eq!(outer, Err::<(), _>("outer".into()));
    }
}
