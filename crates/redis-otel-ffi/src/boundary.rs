//! The panic boundary: every exported function runs its body through [`guard`], which
//! turns a panic into [`crate::REDIS_OTEL_ERR_INTERNAL`] instead of letting it unwind into C
//! (since Rust 1.81 that aborts the host process — the whole collector), and records
//! each error as this thread's last error for [`crate::redis_otel_last_error`].

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// An error on its way to C: a code and a message for `redis_otel_last_error`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: i32,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Failure { code: crate::REDIS_OTEL_ERR_INVALID_ARGUMENT, message: message.into() }
    }
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Failure { code: crate::REDIS_OTEL_ERR_CONFIG, message: message.into() }
    }
    pub(crate) fn timeout(message: impl Into<String>) -> Self {
        Failure { code: crate::REDIS_OTEL_ERR_TIMEOUT, message: message.into() }
    }
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Failure { code: crate::REDIS_OTEL_ERR_INTERNAL, message: message.into() }
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_last_error(message: Option<String>) {
    let c = message.map(|m| {
        // An interior NUL would cut the C string short; show it instead.
        CString::new(m.replace('\0', "\\0")).unwrap_or_else(|_| c"error".to_owned())
    });
    // `try_with`: during thread teardown the slot may be gone; losing the message then
    // is better than a panic escaping into C.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = c;
        }
    });
}

/// This thread's last error (valid until the next call into the library on this thread).
pub(crate) fn last_error() -> *const c_char {
    LAST_ERROR
        .try_with(|slot| slot.try_borrow().ok()?.as_ref().map(|c| c.as_ptr()))
        .ok()
        .flatten()
        .unwrap_or(std::ptr::null())
}

/// Runs `body`, catching panics. Success clears this thread's last error; a failure or a
/// panic records it and returns its negative code.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        Err(Failure::internal(format!(
            "internal error (panic caught at the C boundary): {}",
            what(&*payload)
        )))
    });
    match result {
        Ok(()) => {
            set_last_error(None);
            crate::REDIS_OTEL_OK
        }
        Err(f) => {
            set_last_error(Some(f.message));
            f.code
        }
    }
}

/// Runs a body that returns nothing to C (the `_free` functions): a panic is recorded
/// as the last error, never unwound into the caller; success leaves the last error
/// alone, so freeing a buffer does not erase the error that preceded it.
pub(crate) fn guard_void(body: impl FnOnce()) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(body)) {
        set_last_error(Some(format!(
            "internal error (panic caught at the C boundary) while freeing: {}",
            what(&*payload)
        )));
    }
}

fn what(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".into())
}

/// Reads a C string argument as UTF-8; `what` names the argument in errors.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid for `'a`.
pub(crate) unsafe fn utf8_arg<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::invalid_argument(format!("{what} is NULL")));
    }
    // SAFETY: non-NULL, and the caller promises a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes.to_str().map_err(|e| {
        Failure::invalid_argument(format!(
            "{what} is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last() -> Option<String> {
        let p = last_error();
        // SAFETY: last_error returns NULL or this thread's live CString.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    #[test]
    fn panics_become_internal_errors() {
        let code = guard(|| panic!("boom {}", 42));
        assert_eq!(code, crate::REDIS_OTEL_ERR_INTERNAL);
        let msg = last().unwrap();
        assert_eq!(msg, "internal error (panic caught at the C boundary): boom 42");

        assert_eq!(guard(|| Ok(())), crate::REDIS_OTEL_OK);
        assert_eq!(last(), None, "success clears the last error");

        guard_void(|| panic!("in a free function"));
        assert!(last().unwrap().ends_with("while freeing: in a free function"));
        guard_void(|| {});
        assert!(last().is_some(), "a successful free keeps the last error");
    }

    #[test]
    fn last_error_is_per_thread() {
        assert_eq!(guard(|| Err(Failure::config("mine"))), crate::REDIS_OTEL_ERR_CONFIG);
        std::thread::spawn(|| assert_eq!(last(), None)).join().unwrap();
        assert_eq!(last().as_deref(), Some("mine"));
    }

    #[test]
    fn interior_nul_is_kept_visible() {
        guard(|| Err(Failure::internal("a\0b")));
        assert_eq!(last().as_deref(), Some("a\\0b"));
    }
}
