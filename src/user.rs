//! Who is at the keyboard, and process hardening that must happen before anything is opened.

/// The operating-system account running the process (over SSH: the login). `INFOHUS_USER` may
/// not override it: identity comes from the OS, not from something the user can set.
pub fn os_user() -> String {
    // SAFETY: geteuid cannot fail.
    account_name(unsafe { libc::geteuid() })
}

/// The account name of `uid` (the server names its clients by their socket's uid).
pub fn account_name(uid: u32) -> String {
    let mut pwd = std::mem::MaybeUninit::<libc::passwd>::uninit();
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into our buffers only and sets `result` to `pwd` or null;
    // the name is copied out before the buffers go away. Reentrant, so server threads may
    // call it at once.
    unsafe {
        let rc = libc::getpwuid_r(
            uid,
            pwd.as_mut_ptr(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        if rc == 0
            && !result.is_null()
            && !(*result).pw_name.is_null()
            && let Ok(name) = std::ffi::CStr::from_ptr((*result).pw_name).to_str()
        {
            return name.to_string();
        }
    }
    format!("uid{uid}")
}

/// Files created from here on are private to the account, and a crash writes no core dump
/// (a core file would hold case data in the clear).
pub fn harden_process() {
    // SAFETY: plain syscalls with valid arguments.
    unsafe {
        libc::umask(0o077);
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
    }
}

/// Hands memory freed after a large one-off read (the search catalog decodes every summary)
/// back to the operating system. glibc keeps freed heap pages otherwise, and at 100,000 cases
/// that is tens of megabytes of resident memory the console never uses again.
pub fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
