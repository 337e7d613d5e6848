//! `borne console`: the staff's view of every station of the antenna. Each station has a
//! thread of its own that asks its status every few seconds and carries its commands, so
//! that a station that does not answer never holds the others. The window (`ui::console`)
//! draws [`Board::views`] and hands commands to [`Board::send`].

pub mod client;
pub mod config;

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::antenna::protocol::{
    ApiError, CommandRequest, Outcome, RemoteCommand, StationState, Status,
};

use client::{Client, Failure};
use config::{ConsoleConfig, StationEntry};

/// What the console knows of one station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StationView {
    /// The station as the console's config names it.
    pub entry: StationEntry,
    /// Its last status, if it ever gave one.
    pub status: Option<Status>,
    /// Whether it answers.
    pub reach: Reach,
    /// The answer to the last command sent to it.
    pub result: Option<CommandResult>,
    /// A command is on its way.
    pub busy: bool,
}

/// Whether a station answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Not asked yet.
    Asking,
    /// It answered the last time.
    Answers,
    /// It did not answer, since this instant.
    Unreachable {
        /// Since when.
        since: Instant,
    },
    /// It refused the console's request (another antenna's key, a clock far off).
    Refused(ApiError),
    /// Something answers there, but not a station.
    NotAStation,
    /// Another station answers there (named so): a wrong address in the config, or addresses
    /// swapped by the network. No command is offered.
    OtherStation(String),
}

/// What became of a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandResult {
    /// The station did it (or had done it already for this id).
    Done(Outcome),
    /// The station refused it, and nothing changed.
    Refused(ApiError),
    /// No answer, even to the retry: it may or may not have been applied.
    NoAnswer,
}

/// The console's stations and their threads.
pub struct Board {
    views: Arc<Mutex<Vec<StationView>>>,
    jobs: Vec<Sender<RemoteCommand>>,
}

impl Board {
    /// Starts one thread per station of `config`; `wake` is called after each change.
    pub fn start(config: &ConsoleConfig, wake: &Arc<dyn Fn() + Send + Sync>) -> Self {
        let views = Arc::new(Mutex::new(
            config
                .stations
                .iter()
                .map(|entry| StationView {
                    entry: entry.clone(),
                    status: None,
                    reach: Reach::Asking,
                    result: None,
                    busy: false,
                })
                .collect::<Vec<_>>(),
        ));
        let client = Arc::new(Client::new(config.key.clone(), Duration::from_millis(1500)));
        let mut jobs = Vec::new();
        for (index, entry) in config.stations.iter().enumerate() {
            let (tx, rx) = mpsc::channel::<RemoteCommand>();
            jobs.push(tx);
            let poller = Poller {
                index,
                address: entry.address,
                client: Arc::clone(&client),
                views: Arc::clone(&views),
                wake: Arc::clone(wake),
            };
            let refresh = config.refresh;
            let started = std::thread::Builder::new()
                .name(format!("station-{index}"))
                .spawn(move || {
                    loop {
                        poller.refresh();
                        match rx.recv_timeout(refresh) {
                            Ok(command) => poller.carry_out(command),
                            Err(RecvTimeoutError::Timeout) => {}
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                });
            if let Err(error) = started {
                log::error!("console: cannot watch {}: {error}", entry.name);
            }
        }
        Self { views, jobs }
    }

    /// What the console knows of each station, in the config's order.
    pub fn views(&self) -> Vec<StationView> {
        self.views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Sends `command` to the station at `index`.
    pub fn send(&self, index: usize, command: RemoteCommand) {
        if let Some(job) = self.jobs.get(index) {
            if let Some(view) = self
                .views
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_mut(index)
            {
                view.busy = true;
                view.result = None;
            }
            // A stopped thread means the window is closing.
            job.send(command).ok();
        }
    }
}

/// A view as the window shows it: its time left in whole minutes.
fn as_shown(view: &StationView) -> StationView {
    let mut shown = view.clone();
    if let Some(Status {
        state: StationState::InSession { secs_left, .. },
        ..
    }) = &mut shown.status
    {
        *secs_left = secs_left.div_ceil(60);
    }
    shown
}

struct Poller {
    index: usize,
    address: std::net::SocketAddr,
    client: Arc<Client>,
    views: Arc<Mutex<Vec<StationView>>>,
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl Poller {
    /// Changes what the console knows of this station; the window repaints only if that
    /// changed what it shows (the time left is shown in minutes: 30 stations in session would
    /// otherwise repaint it 15 times a second).
    fn update(&self, change: impl FnOnce(&mut StationView)) {
        let changed = self
            .views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(self.index)
            .is_some_and(|view| {
                let before = as_shown(view);
                change(view);
                as_shown(view) != before
            });
        if changed {
            (self.wake)();
        }
    }

    fn refresh(&self) {
        let answer = self.client.status(self.address);
        self.update(|view| match answer {
            Ok(status) if status.station != view.entry.name => {
                view.reach = Reach::OtherStation(status.station);
                view.status = None;
            }
            Ok(status) => {
                view.status = Some(status);
                view.reach = Reach::Answers;
            }
            Err(Failure::Unreachable(_)) => {
                if !matches!(view.reach, Reach::Unreachable { .. }) {
                    view.reach = Reach::Unreachable {
                        since: Instant::now(),
                    };
                }
            }
            Err(Failure::Refused(error)) => view.reach = Reach::Refused(error),
            Err(Failure::NotAStation(_)) => view.reach = Reach::NotAStation,
        });
    }

    /// Sends the command, and once more with the same id if no answer came: the station
    /// applies an id at most once, so the retry can never do it twice. The command names the
    /// station as the console's config does: if another station answers at this address, it
    /// refuses.
    fn carry_out(&self, command: RemoteCommand) {
        let station = self
            .views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(self.index)
            .map(|view| view.entry.name.clone());
        let id = crate::antenna::signing::new_nonce().unwrap_or_default();
        let request = CommandRequest {
            id,
            station: station.unwrap_or_default(),
            command,
        };
        let mut answer = self.client.command(self.address, &request);
        if matches!(answer, Err(Failure::Unreachable(_))) {
            answer = self.client.command(self.address, &request);
        }
        let result = match answer {
            Ok(reply) => CommandResult::Done(reply.outcome),
            Err(Failure::Refused(error)) => CommandResult::Refused(error),
            Err(Failure::Unreachable(_) | Failure::NotAStation(_)) => CommandResult::NoAnswer,
        };
        self.update(|view| {
            view.busy = false;
            view.result = Some(result);
        });
    }
}
