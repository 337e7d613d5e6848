//! A time limit on X requests: x11rb has none, and a hung X server must not hang the kiosk.

use std::io;
use std::net::{Shutdown, TcpStream};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A second handle on the X socket, used only to shut it down from the watchdog thread.
pub(super) enum Severable {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Severable {
    pub(super) fn sever(&self) {
        let result = match self {
            Self::Unix(socket) => socket.shutdown(Shutdown::Both),
            Self::Tcp(socket) => socket.shutdown(Shutdown::Both),
        };
        // Fails only if the socket is already disconnected, which is what we want anyway.
        result.ok();
    }
}

/// Closes the X socket when a call waits longer than its deadline, which wakes the blocked
/// reader with an error. x11rb has no timeouts of its own.
pub(super) struct Watchdog {
    pub(super) shared: Arc<WatchdogShared>,
    pub(super) thread: Option<JoinHandle<()>>,
}

pub(super) struct WatchdogShared {
    pub(super) state: Mutex<WatchState>,
    pub(super) wake: Condvar,
    pub(super) socket: Severable,
}

#[derive(Default)]
pub(super) struct WatchState {
    /// Deadlines of the calls in progress, by call id.
    pub(super) deadlines: Vec<(u64, Instant)>,
    pub(super) next_id: u64,
    pub(super) fired: bool,
    pub(super) quit: bool,
}

/// One call in progress; dropping it takes its deadline back.
pub(super) struct Armed<'a> {
    pub(super) watchdog: &'a Watchdog,
    pub(super) id: u64,
}

impl Watchdog {
    pub(super) fn start(socket: Severable) -> io::Result<Self> {
        let shared = Arc::new(WatchdogShared {
            state: Mutex::new(WatchState::default()),
            wake: Condvar::new(),
            socket,
        });
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("x11-watchdog".to_owned())
            .spawn(move || watch(&thread_shared))?;
        Ok(Self {
            shared,
            thread: Some(thread),
        })
    }

    pub(super) fn state(&self) -> MutexGuard<'_, WatchState> {
        lock(&self.shared.state)
    }

    pub(super) fn arm(&self, timeout: Duration) -> Armed<'_> {
        let mut state = self.state();
        let id = state.next_id;
        state.next_id += 1;
        // A timeout too large to add to now is no timeout at all.
        if let Some(deadline) = Instant::now().checked_add(timeout) {
            state.deadlines.push((id, deadline));
            self.shared.wake.notify_all();
        }
        Armed { watchdog: self, id }
    }

    pub(super) fn fired(&self) -> bool {
        self.state().fired
    }
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        let mut state = self.watchdog.state();
        state.deadlines.retain(|&(id, _)| id != self.id);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.state().quit = true;
        self.shared.wake.notify_all();
        if let Some(thread) = self.thread.take() {
            // The thread only waits and shuts a socket down; if it panicked there is nothing
            // left to clean up.
            thread.join().ok();
        }
    }
}

pub(super) fn lock(state: &Mutex<WatchState>) -> MutexGuard<'_, WatchState> {
    // The state stays consistent even if a holder panicked: every update is a single store.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(super) fn watch(shared: &WatchdogShared) {
    let mut state = lock(&shared.state);
    loop {
        if state.quit {
            return;
        }
        let next_deadline = state.deadlines.iter().map(|&(_, deadline)| deadline).min();
        state = match next_deadline {
            None => shared
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner),
            Some(deadline) => {
                let now = Instant::now();
                if now >= deadline {
                    state.fired = true;
                    state.deadlines.clear();
                    shared.socket.sever();
                    state
                } else {
                    shared
                        .wake
                        .wait_timeout(state, deadline - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            }
        };
    }
}
