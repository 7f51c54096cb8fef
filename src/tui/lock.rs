//! The idle lock. After `[lock] idle_minutes` without a key the console shows nothing but
//! "Locked — press a key"; a key then asks "Unlock as NAME? Enter", still showing nothing, and
//! only Enter brings the screen back. There is no password: the OS session is the identity,
//! the lock is against the person walking past the desk or the projector left on.
//!
//! Nothing below the lock is touched: an intake being typed stays where it was (and its draft
//! is saved on every key anyway). Time comes in from outside (`now`), so tests drive the lock
//! with no real waiting.

use std::time::{Duration, Instant};

use super::keymap::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockState {
    Open,
    /// Blank: waiting for any key.
    Blank,
    /// Asking to confirm who is there; case data still hidden.
    Confirm,
}

#[derive(Debug, Clone)]
pub struct IdleLock {
    /// `None`: the lock is off (`idle_minutes = 0`).
    idle: Option<Duration>,
    last_input: Instant,
    state: LockState,
}

impl IdleLock {
    pub fn new(idle_minutes: u32, now: Instant) -> IdleLock {
        IdleLock {
            idle: (idle_minutes > 0).then(|| Duration::from_secs(u64::from(idle_minutes) * 60)),
            last_input: now,
            state: LockState::Open,
        }
    }

    pub fn state(&self) -> LockState {
        self.state
    }

    pub fn is_locked(&self) -> bool {
        self.state != LockState::Open
    }

    /// Locks once the idle time has passed. Returns whether the state changed (to redraw).
    pub fn tick(&mut self, now: Instant) -> bool {
        match self.idle {
            Some(idle)
                if self.state == LockState::Open
                    && now.saturating_duration_since(self.last_input) >= idle =>
            {
                self.state = LockState::Blank;
                true
            }
            _ => false,
        }
    }

    /// A key press (or a paste). Returns true when the lock took the key, so nothing below
    /// may see it. A key that arrives after the idle time locks first: it was not meant for
    /// a screen the user has not seen for that long.
    pub fn on_key(&mut self, action: Option<Action>, now: Instant) -> bool {
        self.tick(now);
        match self.state {
            LockState::Open => {
                self.last_input = now;
                false
            }
            LockState::Blank => {
                self.state = LockState::Confirm;
                true
            }
            LockState::Confirm => {
                match action {
                    Some(Action::Unlock) => {
                        self.state = LockState::Open;
                        self.last_input = now;
                    }
                    Some(Action::Back) => self.state = LockState::Blank,
                    _ => {}
                }
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(m: u64) -> Duration {
        Duration::from_secs(m * 60)
    }

    #[test]
    fn it_locks_after_the_idle_time_and_not_before() {
        let t0 = Instant::now();
        let mut lock = IdleLock::new(15, t0);
        assert!(!lock.tick(t0 + minutes(14)));
        assert!(!lock.is_locked());
        assert!(lock.tick(t0 + minutes(15)));
        assert_eq!(lock.state(), LockState::Blank);
    }

    #[test]
    fn a_key_press_restarts_the_idle_time() {
        let t0 = Instant::now();
        let mut lock = IdleLock::new(15, t0);
        assert!(!lock.on_key(None, t0 + minutes(10)));
        assert!(!lock.tick(t0 + minutes(20)));
        assert!(lock.tick(t0 + minutes(25)));
    }

    #[test]
    fn any_key_asks_and_only_enter_unlocks() {
        let t0 = Instant::now();
        let mut lock = IdleLock::new(1, t0);
        lock.tick(t0 + minutes(2));
        assert!(lock.on_key(None, t0 + minutes(3)));
        assert_eq!(lock.state(), LockState::Confirm);
        assert!(lock.on_key(Some(Action::Down), t0 + minutes(3)));
        assert_eq!(lock.state(), LockState::Confirm);
        assert!(lock.on_key(Some(Action::Back), t0 + minutes(3)));
        assert_eq!(lock.state(), LockState::Blank);
        lock.on_key(None, t0 + minutes(3));
        assert!(lock.on_key(Some(Action::Unlock), t0 + minutes(3)));
        assert!(!lock.is_locked());
        // The idle time starts again from the unlock.
        assert!(!lock.tick(t0 + minutes(3) + Duration::from_secs(59)));
    }

    #[test]
    fn a_key_after_a_long_silence_locks_instead_of_acting() {
        let t0 = Instant::now();
        let mut lock = IdleLock::new(15, t0);
        assert!(lock.on_key(Some(Action::Down), t0 + minutes(60)));
        assert_eq!(lock.state(), LockState::Confirm);
    }

    #[test]
    fn zero_minutes_turns_the_lock_off() {
        let t0 = Instant::now();
        let mut lock = IdleLock::new(0, t0);
        assert!(!lock.tick(t0 + minutes(10_000)));
        assert!(!lock.on_key(None, t0 + minutes(10_000)));
    }
}
